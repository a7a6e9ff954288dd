using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// A beneficiary's amount for one journey before identity limits and budget. Exact in milli-cents until one final
/// half-even rounding to cents: per-seat rules summed and capped per seat, times seats, plus per-trip rules, times
/// the booster, rounded, then capped per trip.
/// </summary>
public static class AmountCalculator
{
    public const string PerSeatCap = "per_seat_cap";
    public const string PerTripCap = "per_trip_cap";

    public readonly record struct Result(long Cents, string Rules, string? SeatCap, string? TripCap);

    public static Result Compute(BeneficiaryPolicy policy, int metres, int seats, int boosterPerMille)
    {
        long perSeat = 0, perTrip = 0;
        string? rules = null;
        foreach (var rule in policy.Rules)
        {
            if (rule.When is { } when && !when.Contains(metres))
            {
                continue;
            }
            var mc = rule.MilliCents(metres);
            if (mc == 0)
            {
                continue;
            }
            if (rule.PerSeat)
            {
                perSeat += mc;
            }
            else
            {
                perTrip += mc;
            }
            rules = rules is null ? rule.Id : rules + "+" + rule.Id;
        }
        string? seatCap = null, tripCap = null;
        if (policy.CapPerSeatCents is { } capSeat && perSeat > capSeat * 1000)
        {
            perSeat = capSeat * 1000;
            seatCap = PerSeatCap;
        }
        var totalMilliCents = (perSeat * seats) + perTrip;
        // milli-cents x per-mille / 10^6 = cents: the only rounding of the computation.
        var cents = Rounding.DivideHalfEven(totalMilliCents * boosterPerMille, 1_000_000);
        if (policy.CapPerTripCents is { } capTrip && cents > capTrip)
        {
            cents = capTrip;
            tripCap = PerTripCap;
        }
        return new Result(cents, rules ?? "", seatCap, tripCap);
    }
}

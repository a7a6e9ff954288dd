using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// A beneficiary's amount for one journey before identity limits and budget. Exact in milli-cents until one final
/// half-even rounding to cents: per-seat rules summed and capped per seat, times seats, plus per-trip rules, times
/// the booster, rounded, then capped per trip.
/// </summary>
public static class AmountCalculator
{
    /// <param name="RuleMask">Bit i set when rule i of the policy contributed a non-zero amount.</param>
    /// <param name="CapMask"><see cref="CapLabels.PerSeat"/> and/or <see cref="CapLabels.PerTrip"/>.</param>
    public readonly record struct Result(long Cents, ulong RuleMask, int CapMask);

    public static Result Compute(BeneficiaryPolicy policy, int metres, int seats, int boosterPerMille)
    {
        long perSeat = 0, perTrip = 0;
        ulong rules = 0;
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
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
            rules |= 1UL << i;
        }
        var caps = 0;
        if (policy.CapPerSeatCents is { } capSeat && perSeat > capSeat * 1000)
        {
            perSeat = capSeat * 1000;
            caps |= CapLabels.PerSeat;
        }
        var totalMilliCents = (perSeat * seats) + perTrip;
        // milli-cents x per-mille / 10^6 = cents: the only rounding of the computation.
        var cents = Rounding.MultiplyDivideHalfEven(totalMilliCents, boosterPerMille, 1_000_000);
        if (policy.CapPerTripCents is { } capTrip && cents > capTrip)
        {
            cents = capTrip;
            caps |= CapLabels.PerTrip;
        }
        return new Result(cents, rules, caps);
    }

    /// <summary>The '+'-joined ids of the rules in <paramref name="mask"/>, in document order.</summary>
    public static string RulesText(BeneficiaryPolicy policy, ulong mask) =>
        string.Join('+', policy.Rules.Where((_, i) => (mask & (1UL << i)) != 0).Select(r => r.Id));
}

using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// The caps that can cut an award, as bits in the order they apply: per seat, per trip, trips per day/month/year,
/// cents per day/month/year, budget. Labels read '{role}.{period}.{trips|cents}' for identity limits.
/// </summary>
public static class CapLabels
{
    public const int PerSeat = 1 << 0;
    public const int PerTrip = 1 << 1;
    public const int Budget = 1 << 8;

    private static readonly string[][][] Cache = [new string[512][], new string[512][]];

    public static int Trips(LimitPeriod period) => 1 << (2 + (int)period);

    public static int Cents(LimitPeriod period) => 1 << (5 + (int)period);

    /// <summary>The labels of <paramref name="mask"/>, in application order (cached, shared arrays).</summary>
    public static IReadOnlyList<string> Of(BeneficiaryRole role, int mask)
    {
        var row = Cache[(int)role];
        return row[mask] ??= Build(role, mask);
    }

    private static string[] Build(BeneficiaryRole role, int mask)
    {
        var who = role == BeneficiaryRole.Driver ? "driver" : "passenger";
        string[] names =
        [
            "per_seat_cap", "per_trip_cap", $"{who}.day.trips", $"{who}.month.trips", $"{who}.year.trips",
            $"{who}.day.cents", $"{who}.month.cents", $"{who}.year.cents", "budget",
        ];
        return names.Where((_, bit) => (mask & (1 << bit)) != 0).ToArray();
    }
}

using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Node.Cli.Campaign;

/// <summary>Deterministic synthetic journeys for benchmarks: one month, around Paris, Nantes and Montpellier.</summary>
internal static class SyntheticJourneys
{
    private static readonly (GeoPoint Centre, double Share, string Operator)[] Areas =
    [
        (new GeoPoint(48.86, 2.35), 0.6, "operator-a"),
        (new GeoPoint(47.22, -1.55), 0.3, "operator-b"),
        (new GeoPoint(43.61, 3.88), 0.1, "partner-operator"),
    ];

    public static List<CampaignJourney> Generate(int count, DateOnly month, int seed)
    {
        var rng = new Random(seed);
        var drivers = Math.Max(1, count / 40);
        var start = new DateTimeOffset(month.Year, month.Month, 1, 0, 0, 0, TimeSpan.Zero);
        var seconds = (int)(start.AddMonths(1) - start).TotalSeconds;
        var list = new List<CampaignJourney>(count);
        for (var i = 0; i < count; i++)
        {
            var r = rng.NextDouble();
            var area = r < Areas[0].Share ? Areas[0] : r < Areas[0].Share + Areas[1].Share ? Areas[1] : Areas[2];
            var from = Jitter(rng, area.Centre, 0.4);
            var to = Jitter(rng, area.Centre, 0.4);
            var t = start.AddSeconds(rng.Next(seconds));
            var cls = rng.NextDouble() < 0.8 ? ProofClass.C : ProofClass.B;
            var driver = rng.Next(drivers);
            list.Add(new CampaignJourney($"j{i}", area.Operator, cls, t, from, t.AddMinutes(25), to,
                1_000 + rng.Next(59_000), 1 + rng.Next(3), $"d{driver}", $"p{rng.Next(drivers * 2)}",
                rng.NextDouble() < 0.95, rng.NextDouble() < 0.02 ? JourneyStatus.Flagged : JourneyStatus.Accepted, i));
        }
        return list;
    }

    private static GeoPoint Jitter(Random rng, GeoPoint c, double degrees) =>
        new(c.Lat + ((rng.NextDouble() - 0.5) * degrees), c.Lon + ((rng.NextDouble() - 0.5) * degrees));
}

using System.Globalization;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Reports;
using static Mobility.CarpoolProof.Tests.Campaigns.Journeys;

namespace Mobility.CarpoolProof.Tests.Campaigns;

public sealed class ReportTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Property(MaxTest = 100)]
    public void Open_data_never_publishes_a_cell_under_six_journeys(int seed, byte size)
    {
        var rng = new Random(seed);
        // Clustered ends (a few hot spots) so that some cells are dense and many are small.
        var spots = Enumerable.Range(0, 1 + rng.Next(4)).Select(_ => new GeoPoint(48 + rng.NextDouble(), 2 + rng.NextDouble())).ToArray();
        var journeys = Enumerable.Range(0, size * 4).Select(i =>
        {
            var a = spots[rng.Next(spots.Length)];
            var b = spots[rng.Next(spots.Length)];
            var start = new DateTimeOffset(2024, 1 + rng.Next(2), 1 + rng.Next(28), 8, 0, 0, TimeSpan.Zero);
            var j = new CampaignJourney($"j{i}", "op", ProofClass.C, start, new GeoPoint(a.Lat + (rng.NextDouble() * 0.01), a.Lon + (rng.NextDouble() * 0.01)),
                start.AddMinutes(30), new GeoPoint(b.Lat + (rng.NextDouble() * 0.02), b.Lon + (rng.NextDouble() * 0.02)), 10_000, 1, "d", "p", true,
                rng.NextDouble() < 0.9 ? JourneyStatus.Accepted : JourneyStatus.Flagged, null);
            return (j, (long)rng.Next(300));
        }).ToList();
        var result = OpenDataExport.Build(journeys, Paris, new OpenDataOptions(6, 20));
        Assert.All(result.Cells, c => Assert.True(c.Trips >= 6));
        Assert.Equal(journeys.Count(j => j.j.Status == JourneyStatus.Accepted), result.TotalTrips);
        Assert.Equal(result.TotalTrips, result.Cells.Sum(c => c.Trips) + result.SuppressedTrips);
        Assert.All(result.Cells.SelectMany(c => new[] { c.Origin, c.Destination }.SelectMany(p => p.Split(' '))),
            coordinate => Assert.InRange(coordinate.Length - coordinate.IndexOf('.', StringComparison.Ordinal) - 1, 2, 3));
    }

    [Fact]
    public void Dense_areas_keep_three_decimals_and_sparse_ones_two()
    {
        var start = new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);
        CampaignJourney Trip(int i, GeoPoint a, GeoPoint b) =>
            new($"j{i}", "op", ProofClass.C, start, a, start.AddMinutes(30), b, 10_000, 1, "d", "p", true, JourneyStatus.Accepted, null);
        // 30 journeys from one dense point (30 ends >= threshold 30) to a sparse area 1 degree away, whose cell sees 30 ends too
        // but spread... both cells hold 30 ends: use threshold 31 for the destination to be sparse by adding one end at origin.
        var journeys = Enumerable.Range(0, 30).Select(i => (Trip(i, new GeoPoint(48.85661, 2.35222), new GeoPoint(47.21843, -1.55362)), 100L)).ToList();
        journeys.Add((Trip(99, new GeoPoint(48.85669, 2.35229), new GeoPoint(45.5, 4.5)), 0));
        var result = OpenDataExport.Build(journeys, Paris, new OpenDataOptions(6, 31));
        var cell = Assert.Single(result.Cells);
        Assert.Equal("48.856 2.352", cell.Origin);
        Assert.Equal("47.21 -1.56", cell.Destination); // floor: -1.55362 -> -1.56
        Assert.Equal((30, 3000L), (cell.Trips, cell.IncentiveCents));
        Assert.Equal(1, result.SuppressedTrips);
        Assert.StartsWith("month,origin_lat", result.ToCsv(), StringComparison.Ordinal);
        Assert.Contains("2024-03,48.856,2.352,47.21,-1.56,30,30,300,3000", result.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Driver_statement_sums_a_year_across_campaigns()
    {
        var idfm = CampaignLibrary.Load(CampaignLibrary.IleDeFranceMobilites2021);
        var mtp = CampaignLibrary.Load(CampaignLibrary.Montpellier2022);
        var journeys = new[]
        {
            J("a", "2022-03-15 08:00", Versailles, ParisCentre, 20_000, seats: 2), // idfm 400
            J("b", "2022-05-10 08:00", Montpellier, Sete, 12_345, op: "partner-operator"), // mtp 123
            J("c", "2021-12-31 08:00", Versailles, ParisCentre, 12_000), // 2021: not in the 2022 statement
            J("d", "2022-05-11 08:00", Montpellier, Sete, 12_345, op: "partner-operator", driver: "other"),
        };
        var statement = DriverYearlyStatement.Build("driver-1", 2022,
        [
            (idfm, CampaignEngine.Simulate(idfm, journeys).Evaluations),
            (mtp, CampaignEngine.Simulate(mtp, journeys).Evaluations),
        ]);
        Assert.Equal(["a", "b"], statement.Lines.Select(l => l.JourneyId));
        Assert.Equal(523, statement.TotalCents);
        Assert.Equal(new Dictionary<string, long> { ["idfm-2021"] = 400, ["montpellier-2022"] = 123 }, statement.TotalsPerCampaign);
        Assert.EndsWith("total,,,2 trips,,523\n", statement.ToCsv(), StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_counts_rules_caps_and_reasons()
    {
        var doc = CampaignLibrary.Load(CampaignLibrary.PaysDeLaLoire2024);
        var engine = CampaignEngine.Simulate(doc with { BudgetCents = 300 },
        [
            J("a", "2024-03-12 08:00", Nantes, Clisson, 10_000), // 75
            J("b", "2024-03-12 09:00", Nantes, Clisson, 29_800), // 203 -> 200
            J("c", "2024-03-12 10:00", Nantes, Clisson, 20_000), // 105 -> 25 (budget)
            J("d", "2024-03-12 11:00", Nantes, Reze, 6_000), // excluded
        ]);
        var s = CampaignSummary.Of(doc with { BudgetCents = 300 }, engine.Evaluations);
        Assert.Equal((4, 3, 3, 300L, 380L), (s.Journeys, s.Eligible, s.PaidAwards, s.PaidCents, s.ComputedCents));
        Assert.Equal(1, s.Ineligible[Ineligibility.Excluded]);
        Assert.Equal((1, 75L), s.PerRule["seat_5_60km"]);
        Assert.Equal((2, 225L), s.PerRule["seat_5_60km+km_17_30"]);
        Assert.Equal((1, 0L), s.PerCap["per_seat_cap"]);
        Assert.Equal((1, 80L), s.PerCap["budget"]);
        Assert.Equal(string.Create(CultureInfo.InvariantCulture, $"{300}"), s.PaidCents.ToString(CultureInfo.InvariantCulture));
    }
}

using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using static Mobility.CarpoolProof.Tests.Campaigns.Journeys;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>Worked examples of pays-de-la-loire-2024; expected cents computed by hand.</summary>
public sealed class PaysDeLaLoireTests
{
    private static readonly CampaignDocument Doc = CampaignLibrary.Load(CampaignLibrary.PaysDeLaLoire2024);

    [Theory]
    [InlineData(5_000, 1, 75, "")] // lower bound: 0.75 per seat
    [InlineData(17_000, 1, 75, "")]
    [InlineData(17_005, 1, 75, "")] // 75.05 -> 75
    [InlineData(17_050, 1, 76, "")] // 75.5 -> half-even 76
    [InlineData(17_150, 1, 76, "")] // 76.5 -> half-even 76
    [InlineData(20_000, 1, 105, "")] // 75 + 3 km x 10
    [InlineData(20_000, 2, 210, "")]
    [InlineData(29_500, 1, 200, "")] // 75 + 125 = 200: exactly the per-seat maximum, not cut
    [InlineData(29_800, 1, 200, "per_seat_cap")] // 75 + 128 = 203 -> 200
    [InlineData(29_800, 3, 600, "per_seat_cap")]
    [InlineData(60_000, 1, 200, "per_seat_cap")] // 75 + 130 = 205 -> 200
    public void Driver_is_paid_per_seat_up_to_two_euros(int metres, int seats, long cents, string cap)
    {
        var e = One(Doc, J("t", "2024-03-12 08:00", Nantes, Clisson, metres, seats));
        Assert.Null(e.Reason);
        Assert.Equal(cents, e.TotalCents);
        Assert.Equal(cap, e.Awards[0].CapsText);
    }

    [Theory]
    [InlineData(4_999)]
    [InlineData(60_001)]
    public void Distance_outside_5_to_60_km_is_refused(int metres) =>
        Assert.Equal(Ineligibility.Distance, One(Doc, J("t", "2024-03-12 08:00", Nantes, Clisson, metres)).Reason);

    [Fact]
    public void Only_class_C_with_an_adult_passenger()
    {
        Assert.Equal(Ineligibility.ProofClass, One(Doc, J("b", "2024-03-12 08:00", Nantes, Clisson, 20_000, cls: ProofClass.B)).Reason);
        Assert.Equal(Ineligibility.NotAdult, One(Doc, J("m", "2024-03-12 08:00", Nantes, Clisson, 20_000, adult: false)).Reason);
        Assert.Equal(Ineligibility.NotAdult, One(Doc, J("n", "2024-03-12 08:00", Nantes, Clisson, 20_000, adult: null)).Reason);
    }

    [Fact]
    public void Trips_inside_one_of_the_four_cities_are_excluded_but_between_them_paid()
    {
        Assert.Equal(Ineligibility.Excluded, One(Doc, J("n", "2024-03-12 08:00", Nantes, Reze, 6_000)).Reason);
        Assert.Equal(Ineligibility.Excluded, One(Doc, J("l", "2024-03-12 08:00", LeMans, LeMansNorth, 6_000)).Reason);
        Assert.Equal(200, Paid(Doc, J("na", "2024-03-12 08:00", Nantes, Angers, 59_000)));
        Assert.Equal(200, Paid(Doc, J("cn", "2024-03-12 08:00", Cholet, Nantes, 58_000)));
        Assert.Equal(200, Paid(Doc, J("rn", "2024-03-12 08:00", LaRocheSurYon, Nantes, 59_000)));
    }

    [Fact]
    public void Start_and_end_must_be_in_the_region() =>
        Assert.Equal(Ineligibility.Territory, One(Doc, J("nr", "2024-03-12 08:00", Nantes, Rennes, 59_000)).Reason);

    [Fact]
    public void Six_trips_a_day_and_84_euros_a_month()
    {
        // 41 trips of 2.00 (days 1-7, 6 a day except the 7th day's last) = 82.00; a 2-seat trip worth 4.00 gets the
        // remaining 2.00; the next trip that month nothing; the 7th trip of a day nothing.
        var trips = new List<CampaignJourney>();
        for (var i = 0; i < 41; i++)
        {
            trips.Add(J($"m{i:00}", $"2024-03-{1 + (i / 6):00} {8 + (i % 6):00}:00", Nantes, Clisson, 40_000));
        }
        trips.Add(J("m41", "2024-03-07 20:00", Nantes, Clisson, 40_000, seats: 2));
        trips.Add(J("m42", "2024-03-08 08:00", Nantes, Clisson, 40_000));
        trips.Add(J("seventh", "2024-03-07 21:00", Nantes, Clisson, 40_000, driver: "driver-2"));
        for (var i = 0; i < 6; i++)
        {
            trips.Add(J($"d2-{i}", $"2024-03-07 {8 + i:00}:00", Nantes, Clisson, 40_000, driver: "driver-2"));
        }
        var engine = CampaignEngine.Simulate(Doc, trips);
        Assert.Equal((400, 200), (engine.Find("m41")!.Awards[0].ComputedCents, engine.Find("m41")!.TotalCents));
        Assert.Equal("per_seat_cap+driver.month.cents", engine.Find("m41")!.Awards[0].CapsText);
        Assert.Equal(0, engine.Find("m42")!.TotalCents);
        Assert.Equal(0, engine.Find("seventh")!.TotalCents);
        Assert.Equal("per_seat_cap+driver.day.trips", engine.Find("seventh")!.Awards[0].CapsText);
        Assert.Equal(8_400, engine.Evaluations.Where(e => e.Journey.DriverKey == "driver-1").Sum(e => e.TotalCents));
    }

    [Fact]
    public void Yearly_1008_euros_is_reached_exactly_by_twelve_full_months()
    {
        // 12 x 84.00 = 1,008.00: the yearly limit equals twelve monthly ones, so it is reached in December and never
        // cuts on its own (YearLimitTests shows a yearly limit cutting).
        var trips = new List<CampaignJourney>();
        for (var month = 1; month <= 12; month++)
        {
            for (var i = 0; i < 43; i++)
            {
                trips.Add(J($"y{month:00}-{i:00}", $"2024-{month:00}-{1 + (i / 6):00} {8 + (i % 6):00}:00", Nantes, Clisson, 40_000));
            }
        }
        var engine = CampaignEngine.Simulate(Doc, trips);
        Assert.Equal(100_800, engine.BudgetSpentCents);
        Assert.All(Enumerable.Range(1, 12), m => Assert.Equal(8_400, engine.Evaluations.Where(e => e.LocalDate.Month == m).Sum(e => e.TotalCents)));
        Assert.DoesNotContain(engine.Evaluations, e => e.Awards.Any(a => a.Caps.Contains("driver.year.cents")));
    }

    [Fact]
    public void Budget_of_4_4_million_runs_out()
    {
        // The 4.4 M EUR budget with 439,999,800 cents already spent (one prior trip stands for them): 2.00 left.
        var nearlySpent = Doc with { BudgetCents = 440_000_000 - 439_999_800 };
        var engine = CampaignEngine.Simulate(nearlySpent,
        [
            J("a", "2024-03-12 08:00", Nantes, Clisson, 20_000, driver: "d1"), // 105
            J("b", "2024-03-12 09:00", Nantes, Clisson, 20_000, driver: "d2"), // 105 -> 95
            J("c", "2024-03-12 10:00", Nantes, Clisson, 20_000, driver: "d3"), // 0
        ]);
        Assert.Equal([105, 95, 0], engine.Evaluations.Select(e => e.TotalCents));
        Assert.Equal(["budget"], engine.Find("b")!.Awards[0].Caps);
    }
}

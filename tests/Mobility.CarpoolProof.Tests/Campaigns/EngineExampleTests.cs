using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Tests.Campaigns;

public sealed class EngineExampleTests
{
    private static CampaignJourney J(string id, string utc, string driver, int metres = 20_000, int seats = 1, string passenger = "p")
    {
        var start = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        return new CampaignJourney(id, "op", ProofClass.C, start, new GeoPoint(45, 5), start.AddMinutes(20), new GeoPoint(45.1, 5.1),
            metres, seats, driver, passenger, true, JourneyStatus.Accepted, null);
    }

    [Theory]
    [InlineData(0, 1_000_000, 0)]
    [InlineData(499_999, 1_000_000, 0)]
    [InlineData(500_000, 1_000_000, 0)] // half to even: 0
    [InlineData(1_500_000, 1_000_000, 2)] // half to even: 2
    [InlineData(2_500_000, 1_000_000, 2)]
    [InlineData(2_500_001, 1_000_000, 3)]
    [InlineData(7, 2, 4)] // 3.5 -> 4
    public void Rounding_is_half_to_even(long numerator, long denominator, long expected) =>
        Assert.Equal(expected, Rounding.DivideHalfEven(numerator, denominator));

    [Theory]
    [InlineData(150_500, 1500, 226)] // 225.75
    [InlineData(1_500, 1000, 2)] // 1.5 -> 2
    [InlineData(2_500, 1000, 2)] // 2.5 -> 2
    [InlineData(4_000_000_000_000_000, 10_000, 40_000_000_000_000)] // product beyond a long: computed in 128 bits
    public void Booster_product_is_rounded_once_half_to_even(long milliCents, long perMille, long cents) =>
        Assert.Equal(cents, Rounding.MultiplyDivideHalfEven(milliCents, perMille, 1_000_000));

    [Fact]
    public void A_flag_releases_the_budget_to_the_next_journeys_in_order()
    {
        // Tight: driver 75 + 7 x 15 km = 180 per seat; budget 2,500. Fourteen drivers x 180 = 2,520: the 14th gets 160.
        var trips = Enumerable.Range(0, 14).Select(i => J($"j{i:00}", $"2024-03-01T{6 + i:00}:00:00Z", $"d{i}")).ToList();
        var engine = new CampaignEngine(EnginePropertyTests.Tight with { Beneficiaries = [EnginePropertyTests.Tight.Beneficiaries[0]] });
        trips.ForEach(t => engine.Submit(t));
        Assert.Equal(160, engine.Find("j13")!.TotalCents);
        Assert.Equal(["budget"], engine.Find("j13")!.Awards[0].Caps);
        engine.SetStatus("j02", JourneyStatus.Flagged);
        Assert.Equal(Ineligibility.NotAccepted, engine.Find("j02")!.Reason);
        Assert.Equal(180, engine.Find("j13")!.TotalCents);
        Assert.Equal(13 * 180, engine.BudgetSpentCents);
        engine.SetStatus("j02", JourneyStatus.Accepted);
        Assert.Equal(160, engine.Find("j13")!.TotalCents);
    }

    [Fact]
    public void A_cancelled_trip_frees_the_day_limit_for_a_later_trip()
    {
        var engine = new CampaignEngine(EnginePropertyTests.Tight);
        engine.Submit(J("a", "2024-03-01T06:00:00Z", "d", 6_000)); // 75 + 7 = 82
        engine.Submit(J("b", "2024-03-01T07:00:00Z", "d", 6_000));
        engine.Submit(J("c", "2024-03-01T08:00:00Z", "d", 6_000));
        Assert.Equal("driver.day.trips", engine.Find("c")!.Awards[0].CapsText);
        engine.SetStatus("a", JourneyStatus.Cancelled);
        Assert.Equal(82, engine.Find("c")!.Awards[0].Cents);
        Assert.Empty(engine.Find("c")!.Awards[0].Caps);
    }

    [Fact]
    public void A_journey_arriving_late_takes_its_place_in_the_cap_order()
    {
        var engine = new CampaignEngine(EnginePropertyTests.Tight);
        engine.Submit(J("b", "2024-03-01T07:00:00Z", "d", 6_000));
        engine.Submit(J("c", "2024-03-01T08:00:00Z", "d", 6_000));
        Assert.Equal(82, engine.Find("c")!.Awards[0].Cents);
        engine.Submit(J("a", "2024-03-01T06:00:00Z", "d", 6_000));
        Assert.Equal(82, engine.Find("a")!.Awards[0].Cents);
        Assert.Equal(0, engine.Find("c")!.Awards[0].Cents);
        // Same start instant: the journey id breaks the tie.
        engine.Submit(J("a0", "2024-03-01T06:00:00Z", "e", 6_000));
        Assert.Equal(["a", "a0", "b", "c"], engine.Evaluations.Select(e => e.Journey.JourneyId));
    }

    [Fact]
    public void Yearly_amount_limit_cuts_when_months_add_up_beyond_it()
    {
        // Tight driver: 900 a month, 1,300 a year, 9 trips a year. 2 trips of 450 (2 seats x 200 + ... capped 450)
        // in January = 900; in February the first trip gets 400 (year 1,300 reached), the second nothing.
        var engine = CampaignEngine.Simulate(EnginePropertyTests.Tight with { Beneficiaries = [EnginePropertyTests.Tight.Beneficiaries[0]] },
        [
            J("jan1", "2024-01-10T08:00:00Z", "d", 40_000, seats: 3), // 3 x 200 = 600 -> per trip 450
            J("jan2", "2024-01-11T08:00:00Z", "d", 40_000, seats: 3), // 450
            J("feb1", "2024-02-10T08:00:00Z", "d", 40_000, seats: 3), // 450 -> 400 (year)
            J("feb2", "2024-02-11T08:00:00Z", "d", 40_000, seats: 3), // 0
        ]);
        Assert.Equal([450, 450, 400, 0], engine.Evaluations.Select(e => e.TotalCents));
        Assert.Equal("per_seat_cap+per_trip_cap+driver.year.cents", engine.Find("feb1")!.Awards[0].CapsText);
    }

    [Fact]
    public void Per_trip_cap_applies_after_seats()
    {
        var e = Journeys.One(EnginePropertyTests.Tight, J("x", "2024-03-01T06:00:00Z", "d", 10_000, seats: 3));
        // (75 + 35) x 3 = 330: under 450, not cut.
        Assert.Equal(330, e.Awards[0].Cents);
        Assert.Equal(50, e.Awards[1].Cents);
        Assert.Equal(BeneficiaryRole.Passenger, e.Awards[1].Role);
    }

    [Fact]
    public void Day_limits_follow_the_campaign_timezone()
    {
        // 23:30 UTC on 1 March is 00:30 on 2 March in Paris: a new day for the limit.
        var engine = CampaignEngine.Simulate(EnginePropertyTests.Tight,
        [
            J("a", "2024-03-01T08:00:00Z", "d", 6_000),
            J("b", "2024-03-01T09:00:00Z", "d", 6_000),
            J("c", "2024-03-01T23:30:00Z", "d", 6_000),
        ]);
        Assert.Equal(new DateOnly(2024, 3, 2), engine.Find("c")!.LocalDate);
        Assert.Equal(82, engine.Find("c")!.Awards[0].Cents);
    }
}

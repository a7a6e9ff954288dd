using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using static Mobility.CarpoolProof.Tests.Campaigns.Journeys;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>Worked examples of idfm-2021; expected cents computed by hand in each comment.</summary>
public sealed class IleDeFranceMobilitesTests
{
    private static readonly CampaignDocument Doc = CampaignLibrary.Load(CampaignLibrary.IleDeFranceMobilites2021);

    [Theory]
    [InlineData(2_000, 1, 150)] // lower bound of the campaign: 1.50 per seat
    [InlineData(12_000, 1, 150)]
    [InlineData(15_000, 1, 150)] // per-km part starts beyond 15 km
    [InlineData(15_050, 1, 150)] // 150 + 0.5 = 150.5 -> half-even 150
    [InlineData(15_150, 1, 152)] // 150 + 1.5 = 151.5 -> half-even 152
    [InlineData(15_333, 1, 153)] // 150 + 3.33 = 153.33 -> 153
    [InlineData(20_000, 2, 400)] // (150 + 50) x 2 seats
    [InlineData(30_000, 1, 300)] // 150 + 150: the 3.00 maximum
    [InlineData(40_000, 3, 900)] // per-km part stops at 30 km: 300 x 3
    [InlineData(150_000, 1, 300)] // upper bound of the campaign
    public void Driver_is_paid_per_seat_and_per_km(int metres, int seats, long cents)
    {
        var e = One(Doc, J("t1", "2022-03-15 08:00", Versailles, ParisCentre, metres, seats));
        Assert.Null(e.Reason);
        Assert.Equal(cents, e.TotalCents);
        Assert.Equal(BeneficiaryRole.Driver, e.Awards.Single().Role);
        Assert.Empty(e.Awards.Single().Caps);
    }

    [Fact]
    public void Rules_that_paid_are_named()
    {
        Assert.Equal("seat_2_150km", One(Doc, J("a", "2022-03-15 08:00", Versailles, ParisCentre, 12_000)).Awards[0].Rules);
        Assert.Equal("seat_2_150km+km_15_30", One(Doc, J("b", "2022-03-15 08:00", Versailles, ParisCentre, 20_000)).Awards[0].Rules);
    }

    [Theory]
    [InlineData(1_999, Ineligibility.Distance)]
    [InlineData(150_001, Ineligibility.Distance)]
    public void Distance_outside_2_to_150_km_is_refused(int metres, Ineligibility reason) =>
        Assert.Equal(reason, One(Doc, J("t", "2022-03-15 08:00", Versailles, ParisCentre, metres)).Reason);

    [Fact]
    public void Paris_to_Paris_is_excluded_but_Paris_to_suburb_is_paid()
    {
        Assert.Equal(Ineligibility.Excluded, One(Doc, J("pp", "2022-03-15 08:00", ParisCentre, ParisBatignolles, 5_000)).Reason);
        Assert.Equal(150, Paid(Doc, J("pv", "2022-03-15 08:00", ParisCentre, Versailles, 5_000)));
        Assert.Equal(300, Paid(Doc, J("cm", "2022-03-15 08:00", Cergy, Meaux, 70_000)));
    }

    [Fact]
    public void Start_and_end_must_be_in_the_region() =>
        Assert.Equal(Ineligibility.Territory, One(Doc, J("vc", "2022-03-15 08:00", Versailles, Chartres, 70_000)).Reason);

    [Fact]
    public void Class_B_is_paid_until_2022_08_31_then_only_class_C()
    {
        Assert.Equal(150, Paid(Doc, J("b1", "2022-08-31 23:59", Versailles, ParisCentre, 10_000, cls: ProofClass.B)));
        Assert.Equal(Ineligibility.ProofClass, One(Doc, J("b2", "2022-09-01 00:00", Versailles, ParisCentre, 10_000, cls: ProofClass.B)).Reason);
        Assert.Equal(150, Paid(Doc, J("c2", "2022-09-01 00:00", Versailles, ParisCentre, 10_000, cls: ProofClass.C)));
        Assert.Equal(Ineligibility.ProofClass, One(Doc, J("a1", "2021-06-01 08:00", Versailles, ParisCentre, 10_000, cls: ProofClass.A)).Reason);
    }

    [Theory]
    [InlineData(20_000, 300)] // 200 x 1.5
    [InlineData(15_050, 226)] // 150.5 x 1.5 = 225.75 -> 226: one rounding, after the booster
    [InlineData(40_000, 450)] // the per-seat maximum applies before the booster
    public void Listed_days_are_boosted_one_and_a_half_times(int metres, long cents)
    {
        var e = One(Doc, J("x", "2022-06-18 09:00", Versailles, ParisCentre, metres));
        Assert.Equal(cents, e.TotalCents);
        Assert.Equal(1500, e.Awards[0].BoosterPerMille);
    }

    [Fact]
    public void Validity_is_2021_to_2022_in_Paris_time()
    {
        Assert.Equal(Ineligibility.OutsideValidity, One(Doc, J("o", "2020-12-31 23:59", Versailles, ParisCentre, 10_000)).Reason);
        Assert.Equal(150, Paid(Doc, J("i", "2021-01-01 00:00", Versailles, ParisCentre, 10_000)));
        Assert.Equal(Ineligibility.OutsideValidity, One(Doc, J("e", "2023-01-01 00:00", Versailles, ParisCentre, 10_000)).Reason);
    }

    [Fact]
    public void Seventh_trip_of_a_day_is_not_paid()
    {
        var trips = Enumerable.Range(0, 7).Select(i => J($"d{i}", $"2022-03-15 {8 + i:00}:00", Versailles, ParisCentre, 10_000)).ToList();
        var result = CampaignEngine.Simulate(Doc, trips).Evaluations.ToList();
        Assert.Equal([150, 150, 150, 150, 150, 150, 0], result.Select(e => e.TotalCents));
        Assert.Equal(["driver.day.trips"], result[6].Awards[0].Caps);
        // Another driver the same day, and the same driver the next day, are unaffected.
        Assert.Equal(150, CampaignEngine.Simulate(Doc, [.. trips, J("other", "2022-03-15 20:00", Versailles, ParisCentre, 10_000, driver: "driver-2")]).Find("other")!.TotalCents);
        Assert.Equal(150, CampaignEngine.Simulate(Doc, [.. trips, J("next", "2022-03-16 08:00", Versailles, ParisCentre, 10_000)]).Find("next")!.TotalCents);
    }

    [Fact]
    public void Monthly_150_euros_per_driver_cuts_the_trip_that_crosses_it()
    {
        // 49 trips of 3.00 = 147.00 over 9 days (6 a day), then a 2-seat trip worth 6.00 gets the remaining 3.00,
        // and one more trip that month gets nothing; April starts afresh.
        var trips = new List<CampaignJourney>();
        for (var i = 0; i < 49; i++)
        {
            trips.Add(J($"m{i:00}", $"2022-03-{1 + (i / 6):00} {8 + (i % 6):00}:00", Versailles, ParisCentre, 40_000));
        }
        trips.Add(J("m49", "2022-03-20 08:00", Versailles, ParisCentre, 40_000, seats: 2));
        trips.Add(J("m50", "2022-03-21 08:00", Versailles, ParisCentre, 40_000));
        trips.Add(J("apr", "2022-04-01 08:00", Versailles, ParisCentre, 40_000));
        var engine = CampaignEngine.Simulate(Doc, trips);
        Assert.Equal(14_700, trips.Take(49).Sum(t => engine.Find(t.JourneyId)!.TotalCents));
        var crossing = engine.Find("m49")!.Awards[0];
        Assert.Equal((600, 300), (crossing.ComputedCents, crossing.Cents));
        Assert.Equal(["driver.month.cents"], crossing.Caps);
        Assert.Equal(0, engine.Find("m50")!.TotalCents);
        Assert.Equal(["driver.month.cents"], engine.Find("m50")!.Awards[0].Caps);
        Assert.Equal(300, engine.Find("apr")!.TotalCents);
        Assert.Equal(15_300, engine.BudgetSpentCents);
    }

    [Fact]
    public void Budget_running_out_cuts_the_trip_that_crosses_it_then_pays_nothing()
    {
        // The shipped budget (6 M EUR) is cut to 10.00 so that it runs out on the third trip.
        var small = Doc with { BudgetCents = 1_000 };
        var trips = Enumerable.Range(0, 4).Select(i => J($"b{i}", $"2022-03-15 {8 + i:00}:00", Versailles, ParisCentre, 20_000, seats: 2, driver: $"driver-{i}")).ToList();
        var engine = CampaignEngine.Simulate(small, trips);
        Assert.Equal([400, 400, 200, 0], engine.Evaluations.Select(e => e.TotalCents));
        Assert.Equal(["budget"], engine.Find("b2")!.Awards[0].Caps);
        Assert.Equal(1_000, engine.BudgetSpentCents);
    }
}

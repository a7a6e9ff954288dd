using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using static Mobility.CarpoolProof.Tests.Campaigns.Journeys;

namespace Mobility.CarpoolProof.Tests.Campaigns;

/// <summary>Worked examples of montpellier-2022; expected cents computed by hand.</summary>
public sealed class MontpellierTests
{
    private const string Op = "partner-operator";
    private static readonly CampaignDocument Doc = CampaignLibrary.Load(CampaignLibrary.Montpellier2022);

    [Theory]
    [InlineData(2_000, 1, 100, "")]
    [InlineData(8_000, 1, 100, "")]
    [InlineData(10_000, 1, 100, "")]
    [InlineData(12_345, 1, 123, "")] // 100 + 23.45 -> 123
    [InlineData(15_000, 3, 450, "")] // (100 + 50) x 3
    [InlineData(20_000, 1, 200, "")] // exactly 2.00
    [InlineData(20_001, 1, 200, "per_seat_cap")] // 200.01 -> 200
    [InlineData(30_000, 2, 400, "per_seat_cap")]
    public void Driver_gets_one_euro_then_ten_cents_a_km_up_to_two_euros(int metres, int seats, long cents, string cap)
    {
        var e = One(Doc, J("t", "2022-05-10 08:00", Montpellier, Sete, metres, seats, cls: ProofClass.B, op: Op));
        Assert.Null(e.Reason);
        Assert.Equal(cents, e.TotalCents);
        Assert.Equal(cap, e.Awards[0].CapsText);
    }

    [Fact]
    public void Filters_operator_class_distance_and_territory()
    {
        Assert.Equal(Ineligibility.OperatorNotAllowed, One(Doc, J("o", "2022-05-10 08:00", Montpellier, Sete, 30_000, op: "someone-else")).Reason);
        Assert.Equal(Ineligibility.ProofClass, One(Doc, J("a", "2022-05-10 08:00", Montpellier, Sete, 30_000, cls: ProofClass.A, op: Op)).Reason);
        Assert.Equal(Ineligibility.Distance, One(Doc, J("d", "2022-05-10 08:00", Montpellier, Sete, 1_999, op: Op)).Reason);
        Assert.Equal(Ineligibility.Territory, One(Doc, J("s", "2022-05-10 08:00", Sete, Lunel, 50_000, op: Op)).Reason);
        Assert.Equal(200, Paid(Doc, J("in", "2022-05-10 08:00", Lunel, Montpellier, 25_000, op: Op)));
    }

    [Fact]
    public void Six_trips_a_day_and_150_euros_a_month()
    {
        // 74 trips of 2.00 = 148.00 (6 a day over 13 days), a 3-seat trip worth 6.00 gets 2.00, then nothing.
        var trips = new List<CampaignJourney>();
        for (var i = 0; i < 74; i++)
        {
            trips.Add(J($"m{i:00}", $"2022-05-{1 + (i / 6):00} {8 + (i % 6):00}:00", Montpellier, Sete, 25_000, op: Op));
        }
        trips.Add(J("m74", "2022-05-20 08:00", Montpellier, Sete, 25_000, seats: 3, op: Op));
        trips.Add(J("m75", "2022-05-21 08:00", Montpellier, Sete, 25_000, op: Op));
        trips.Add(J("day7", "2022-05-01 20:00", Montpellier, Sete, 25_000, op: Op));
        var engine = CampaignEngine.Simulate(Doc, trips);
        Assert.Equal(0, engine.Find("day7")!.TotalCents);
        Assert.Equal("per_seat_cap+driver.day.trips", engine.Find("day7")!.Awards[0].CapsText);
        Assert.Equal((600, 200), (engine.Find("m74")!.Awards[0].ComputedCents, engine.Find("m74")!.TotalCents));
        Assert.Equal("per_seat_cap+driver.month.cents", engine.Find("m74")!.Awards[0].CapsText);
        Assert.Equal(0, engine.Find("m75")!.TotalCents);
        Assert.Equal(15_000, engine.BudgetSpentCents);
    }

    [Fact]
    public void Budget_of_654000_euros_runs_out()
    {
        var nearlySpent = Doc with { BudgetCents = 250 };
        var engine = CampaignEngine.Simulate(nearlySpent,
        [
            J("a", "2022-05-10 08:00", Montpellier, Sete, 12_345, driver: "d1", op: Op), // 123
            J("b", "2022-05-10 08:00", Montpellier, Sete, 12_345, driver: "d2", op: Op), // 123
            J("c", "2022-05-10 08:00", Montpellier, Sete, 12_345, driver: "d3", op: Op), // 4 left
        ]);
        Assert.Equal([123, 123, 4], engine.Evaluations.Select(e => e.TotalCents));
        Assert.Equal(65_400_000, Doc.BudgetCents);
    }
}

public sealed class WhatIfTests
{
    [Fact]
    public void A_campaign_can_be_simulated_on_journeys_from_before_it_starts()
    {
        var doc = Mobility.CarpoolProof.Campaigns.Documents.CampaignLibrary.Load(Mobility.CarpoolProof.Campaigns.Documents.CampaignLibrary.Montpellier2022);
        var past = J("old", "2021-05-11 08:00", Montpellier, Sete, 12_345, op: "partner-operator", cls: ProofClass.B);
        Assert.Equal(Ineligibility.OutsideValidity, One(doc, past).Reason);
        Assert.Equal(123, Paid(WhatIf.AsIfAlwaysValid(doc), past));
        // Rules other than the validity still hold: another operator is still refused.
        Assert.Equal(Ineligibility.OperatorNotAllowed, One(WhatIf.AsIfAlwaysValid(doc), past with { OperatorId = "x" }).Reason);
        // IDFM's dated class windows are the rule itself and keep their dates.
        var idfm = Mobility.CarpoolProof.Campaigns.Documents.CampaignLibrary.Load(Mobility.CarpoolProof.Campaigns.Documents.CampaignLibrary.IleDeFranceMobilites2021);
        Assert.Equal(Ineligibility.ProofClass, One(WhatIf.AsIfAlwaysValid(idfm), J("o", "2020-05-11 08:00", Versailles, ParisCentre, 10_000)).Reason);
    }
}

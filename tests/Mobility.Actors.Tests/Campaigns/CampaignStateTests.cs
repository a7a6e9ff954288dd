using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Campaigns.Documents;
using CampaignJourney = Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney;
using CampaignProofClass = Mobility.CarpoolProof.Campaigns.Language.ProofClass;
using CampaignStatus = Mobility.CarpoolProof.Campaigns.Engine.JourneyStatus;

namespace Mobility.Actors.Tests.Campaigns;

/// <summary>The campaign entity's decisions, one section per phase: none, draft, active, closed. Replies are neutral.</summary>
public sealed class CampaignStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Id = CampaignLibrary.Montpellier2022;
    private const string Territory = "terr-a";
    private static readonly byte[] Document = CampaignLibrary.Bytes(Id);

    private static CampaignJourney Journey(string id) => new(id, "op-1", CampaignProofClass.C, T0, new(43.61, 3.88), T0.AddMinutes(30),
        new(43.65, 3.95), 15_000, 2, "driver-" + id, "passenger-" + id, true, CampaignStatus.Accepted, 12, "34172", null);

    private static CampaignState Fold(CampaignState s, params object[] commands)
    {
        foreach (var c in commands)
        {
            var (e, refusal) = s.Decide(c, T0);
            Assert.Null(refusal);
            if (e is not null)
            {
                s.Apply(e);
            }
        }
        return s;
    }

    private static CampaignState Draft() => Fold(new CampaignState(Territory), new CampaignCommands.Create(Id, Territory, Document));

    private static CampaignState Active() => Fold(Draft(), new CampaignCommands.Activate(Id, Territory));

    private static CampaignReplies.Refused Refused(CampaignState s, object command)
    {
        var (e, refusal) = s.Decide(command, T0);
        Assert.Null(e);
        return Assert.IsType<CampaignReplies.Refused>(refusal);
    }

    // None.

    [Fact]
    public void A_document_that_does_not_parse_is_refused_with_every_path_and_nothing_is_created()
    {
        var r = Refused(new CampaignState(Territory), new CampaignCommands.Create(Id, Territory, "{\"id\":\"montpellier-2022\"}"u8.ToArray()));
        Assert.Equal(CampaignRefusal.InvalidDocument, r.Kind);
        Assert.NotEmpty(r.Errors!);
        Assert.All(r.Errors!, e => Assert.StartsWith("$", e.Path, StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_whose_id_is_not_the_campaign_id_is_refused_at_its_id()
    {
        var r = Refused(new CampaignState(Territory), new CampaignCommands.Create("other-id", Territory, Document));
        Assert.Equal((CampaignRefusal.InvalidDocument, "$.id"), (r.Kind, Assert.Single(r.Errors!).Path));
    }

    [Fact]
    public void Nothing_exists_before_creation_for_any_territory()
    {
        var s = new CampaignState(Territory);
        Assert.False(s.VisibleTo(Territory));
        Assert.Equal(CampaignRefusal.NotFound, Refused(s, new CampaignCommands.Activate(Id, Territory)).Kind);
        Assert.Equal(CampaignRefusal.NotFound, Refused(s, new CampaignCommands.Close(Id, Territory)).Kind);
    }

    // Draft.

    [Fact]
    public void A_draft_belongs_to_its_territory_only_and_its_id_cannot_be_created_twice()
    {
        var s = Draft();
        Assert.Equal(CampaignPhase.Draft, s.Phase);
        Assert.True(s.VisibleTo(Territory));
        Assert.False(s.VisibleTo("terr-b"));
        Assert.Equal(CampaignRefusal.NotFound, Refused(s, new CampaignCommands.Activate(Id, "terr-b")).Kind);
        Assert.Equal(CampaignRefusal.Conflict, Refused(s, new CampaignCommands.Create(Id, Territory, Document)).Kind);
        Assert.Equal(CampaignRefusal.Conflict, Refused(s, new CampaignCommands.Create(Id, "terr-b", Document)).Kind);
    }

    [Fact]
    public void A_draft_counts_no_journey()
    {
        var (e, refusal) = Draft().Decide(new CampaignCommands.Submit(Id, [Journey("j1")]), T0);
        Assert.Equal((null, null), (e, refusal));
    }

    // Active.

    [Fact]
    public void An_active_campaign_counts_each_journey_once_and_a_revocation_once()
    {
        var s = Active();
        Assert.Equal((null, null), s.Decide(new CampaignCommands.Activate(Id, Territory), T0)); // activating again: no change
        var counted = Assert.IsType<CampaignEvents.JourneysCounted>(s.Decide(new CampaignCommands.Submit(Id, [Journey("j1"), Journey("j2")]), T0).Event);
        Assert.Equal(2, counted.Journeys.Count);
        s.Apply(counted);
        Assert.Empty(Assert.IsType<CampaignEvents.JourneysCounted>(s.Decide(new CampaignCommands.Submit(Id, [Journey("j1")]), T0).Event).Journeys);

        var revoked = Assert.IsType<CampaignEvents.JourneyRevoked>(s.Decide(new CampaignCommands.Revoke(Id, "op-1", "j1", CampaignStatus.Flagged), T0).Event);
        s.Apply(revoked);
        Assert.Null(s.Decide(new CampaignCommands.Revoke(Id, "op-1", "j1", CampaignStatus.Flagged), T0).Event);
        Assert.Null(s.Decide(new CampaignCommands.Revoke(Id, "op-2", "j2", CampaignStatus.Flagged), T0).Event); // another operator's journey id
    }

    // Territories: a campaign counts the journeys attributed to its own territory only.

    [Fact]
    public void A_campaign_counts_the_journeys_that_start_or_end_in_its_territory_and_never_another_territorys()
    {
        var s = Active();
        var mine = Journey("j1") with { Territories = "terr-a" };
        var crossing = Journey("j2") with { Territories = "terr-a terr-b" };
        var theirs = Journey("j3") with { Territories = "terr-b" };
        var nobodys = Journey("j4") with { Territories = "" };
        var counted = Assert.IsType<CampaignEvents.JourneysCounted>(s.Decide(new CampaignCommands.Submit(Id, [mine, crossing, theirs, nobodys]), T0).Event);
        Assert.Equal(["j1", "j2"], counted.Journeys.Select(j => j.JourneyId));

        // The other territory's campaign (same document) counts the crossing journey too, and its own.
        var other = Fold(new CampaignState(Territory), new CampaignCommands.Create(Id, "terr-b", Document), new CampaignCommands.Activate(Id, "terr-b"));
        var theirsCounted = Assert.IsType<CampaignEvents.JourneysCounted>(other.Decide(new CampaignCommands.Submit(Id, [mine, crossing, theirs, nobodys]), T0).Event);
        Assert.Equal(["j2", "j3"], theirsCounted.Journeys.Select(j => j.JourneyId));
    }

    [Fact]
    public void A_journey_recorded_before_attribution_is_the_configured_territorys_alone()
    {
        var legacy = Journey("j1"); // Territories null
        Assert.True(Active().Counts(legacy)); // terr-a is the configured territory here
        var other = Fold(new CampaignState(Territory), new CampaignCommands.Create(Id, "terr-b", Document), new CampaignCommands.Activate(Id, "terr-b"));
        Assert.False(other.Counts(legacy));
        Assert.Empty(Assert.IsType<CampaignEvents.JourneysCounted>(other.Decide(new CampaignCommands.Submit(Id, [legacy]), T0).Event).Journeys);
    }

    // Closed.

    [Fact]
    public void A_closed_campaign_is_never_active_again_and_counts_nothing_more()
    {
        var s = Fold(Active(), new CampaignCommands.Close(Id, Territory));
        Assert.Equal(CampaignPhase.Closed, s.Phase);
        Assert.Equal(CampaignRefusal.Conflict, Refused(s, new CampaignCommands.Activate(Id, Territory)).Kind);
        Assert.Equal((null, null), s.Decide(new CampaignCommands.Close(Id, Territory), T0));
        Assert.Equal((null, null), s.Decide(new CampaignCommands.Submit(Id, [Journey("j9")]), T0));
        Assert.Contains("\"phase\":\"closed\"", CampaignViews.Overview(Id, s).Body, StringComparison.Ordinal);
        Assert.Equal(DocumentFormat.Json, CampaignViews.Overview(Id, s).Format);
    }
}

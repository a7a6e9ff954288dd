using Mobility.Actors.Campaigns;
using CampaignJourney = Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney;
using CampaignProofClass = Mobility.CarpoolProof.Campaigns.Language.ProofClass;
using CampaignStatus = Mobility.CarpoolProof.Campaigns.Engine.JourneyStatus;

namespace Mobility.Actors.Tests.Campaigns;

/// <summary>
/// The directory's one decision over feed messages (pub-sub or journal, read once or again): what it records. Issue
/// 12 part 3: the journal feed reads messages again after a crash and in batches, so a message read again changes
/// nothing, and a revocation finds its journey wherever in the batch it was accepted.
/// </summary>
public sealed class CampaignFeedRecordTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));

    private static CampaignJourney Journey(string id) => new(id, "op-1", CampaignProofClass.C, T0, new(43.61, 3.88), T0.AddMinutes(30),
        new(43.65, 3.95), 15_000, 2, "driver-" + id, "passenger-" + id, true, CampaignStatus.Accepted, 12, "34172", null);

    private static CampaignFeed.JourneyAccepted Accepted(string id) => new(Journey(id));

    private static CampaignFeed.JourneyRevoked Revoked(string id, CampaignStatus status = CampaignStatus.Flagged) => new("op-1", id, status);

    [Fact]
    public void A_revocation_finds_a_journey_accepted_earlier_in_the_batch_even_after_another_revocation()
    {
        var known = new Dictionary<string, CampaignJourney> { ["op-1/j0"] = Journey("j0") };
        var events = CampaignFeed.Record([Accepted("j1"), Accepted("j2"), Revoked("j0"), Revoked("j1"), Revoked("j1", CampaignStatus.Cancelled)], known);

        Assert.Collection(events,
            e => Assert.Equal(["j1", "j2"], ((CampaignEvents.JourneysCounted)e).Journeys.Select(j => j.JourneyId)),
            e => Assert.Equal(("j0", CampaignStatus.Flagged), (((CampaignEvents.JourneyRevoked)e).JourneyId, ((CampaignEvents.JourneyRevoked)e).Status)),
            e => Assert.Equal(("j1", CampaignStatus.Flagged), (((CampaignEvents.JourneyRevoked)e).JourneyId, ((CampaignEvents.JourneyRevoked)e).Status)),
            e => Assert.Equal(("j1", CampaignStatus.Cancelled), (((CampaignEvents.JourneyRevoked)e).JourneyId, ((CampaignEvents.JourneyRevoked)e).Status)));
    }

    [Fact]
    public void Messages_read_again_record_nothing_and_an_acceptance_never_undoes_a_revocation()
    {
        var flagged = Journey("j1") with { Status = CampaignStatus.Flagged };
        var known = new Dictionary<string, CampaignJourney> { ["op-1/j1"] = flagged };

        Assert.Empty(CampaignFeed.Record([Accepted("j1"), Revoked("j1"), Accepted("j1")], known));
        Assert.Empty(CampaignFeed.Record([Revoked("unknown")], known));
        Assert.Single(CampaignFeed.Record([Accepted("j2"), Accepted("j2")], known).OfType<CampaignEvents.JourneysCounted>().Single().Journeys);
    }
}

using Mobility.Actors.Serialization;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Declarations;
using CampaignProofClass = Mobility.CarpoolProof.Campaigns.Language.ProofClass;

namespace Mobility.Actors.Campaigns;

/// <summary>
/// The contract between the carpool journeys and the campaigns: a journey entity publishes these on the
/// DistributedPubSub topic <see cref="Topic"/> once its acceptance or its revocation is persisted; the campaign
/// directory (a singleton) records them and feeds every active campaign.
/// </summary>
public static class CampaignFeed
{
    public const string Topic = "campaign-journeys";

    /// <summary>An accepted journey, in the shape the campaign engine reads.</summary>
    public sealed record JourneyAccepted(CampaignJourney Journey) : IClusterMessage;

    /// <summary>A later fraud flag or cancellation of an accepted journey: its incentives are recomputed.</summary>
    public sealed record JourneyRevoked(string OperatorId, string JourneyId, JourneyStatus Status) : IClusterMessage;

    /// <summary>The campaign view of a declaration the proof pipeline accepted with <paramref name="proofClass"/> and <paramref name="pipelineStatus"/>.</summary>
    public static CampaignJourney FromDeclaration(string operatorId, Journey j, string proofClass, string pipelineStatus, long logIndex) => new(
        j.OperatorJourneyId,
        operatorId,
        Enum.Parse<CampaignProofClass>(proofClass),
        j.Start.Datetime, new GeoPoint(j.Start.Lat, j.Start.Lon),
        j.End.Datetime, new GeoPoint(j.End.Lat, j.End.Lon),
        (int)Math.Clamp(j.Distance, 0, 1_000_000),
        j.Passenger.Seats,
        j.Driver.Identity.IdentityKey,
        j.Passenger.Identity.IdentityKey,
        j.Passenger.Identity.Over18,
        // Only a journey the pipeline found clean earns incentives; anomalies wait for the authority's review.
        pipelineStatus == Mobility.CarpoolProof.Pipeline.JourneyStatus.Ok ? JourneyStatus.Accepted : JourneyStatus.Flagged,
        logIndex);
}

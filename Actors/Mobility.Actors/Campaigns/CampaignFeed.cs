using Mobility.Actors.Serialization;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Declarations;
using CampaignProofClass = Mobility.CarpoolProof.Campaigns.Language.ProofClass;

namespace Mobility.Actors.Campaigns;

/// <summary>
/// The contract between the carpool journeys and the campaigns. A journey entity persists its acceptance and its
/// revocation tagged <see cref="Tag"/>, then publishes them on the DistributedPubSub topic <see cref="Topic"/>. The
/// campaign directory (a singleton) records both and feeds every active campaign: pub-sub brings them at once but at
/// most once; the tagged journal, read from a stored offset, brings every one of them after any crash (at least once,
/// recorded once: the directory and the campaigns ignore what they already hold).
/// </summary>
public static class CampaignFeed
{
    public const string Topic = "campaign-journeys";

    /// <summary>The journal tag of acceptances and revocations (Akka.Persistence.Sql tag table).</summary>
    public const string Tag = "campaign-feed";

    /// <summary>The feed message of a journal event tagged <see cref="Tag"/>, or null (an acceptance written before
    /// the durable feed carries no campaign view).</summary>
    public static object? FromJournal(object evt) => evt switch
    {
        Mobility.Actors.Carpool.CarpoolEvents.JourneyAccepted { ForCampaigns: { } journey } => new JourneyAccepted(journey),
        Mobility.Actors.Carpool.CarpoolEvents.JourneyFlagged f when f.JourneyKey.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash =>
            Revoked(f.JourneyKey[..slash], f.JourneyKey[(slash + 1)..], f.Status),
        _ => null,
    };

    /// <summary>The directory's key of a journey.</summary>
    public static string Key(string operatorId, string journeyId) => operatorId + "/" + journeyId;

    /// <summary>
    /// What the directory records of feed messages read from the journal, in order, given the journeys it holds
    /// (<paramref name="known"/>, by <see cref="Key"/>): the acceptances it does not hold (a journey is accepted once: a
    /// second declaration is a 409, so an acceptance already held is a message read again), and the revocations that
    /// change a status, each after the acceptances before it. A revocation finds a journey accepted earlier in the
    /// same batch. Pure: the directory persists the events and feeds them to the campaigns.
    /// </summary>
    public static List<object> Record(IEnumerable<object?> messages, IReadOnlyDictionary<string, CampaignJourney> known)
    {
        var events = new List<object>();
        var fresh = new Dictionary<string, CampaignJourney>(StringComparer.Ordinal);
        var recorded = new Dictionary<string, CampaignJourney>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            switch (message)
            {
                case JourneyAccepted a when a.Journey.Problem() is null:
                    var key = Key(a.Journey.OperatorId, a.Journey.JourneyId);
                    if (!known.ContainsKey(key) && recorded.TryAdd(key, a.Journey))
                    {
                        fresh[key] = a.Journey;
                    }

                    break;
                case JourneyRevoked r:
                    var revoked = Key(r.OperatorId, r.JourneyId);
                    var current = recorded.TryGetValue(revoked, out var inBatch) ? inBatch : known.GetValueOrDefault(revoked);
                    if (current is not null && current.Status != r.Status)
                    {
                        Flush();
                        events.Add(new CampaignEvents.JourneyRevoked(r.OperatorId, r.JourneyId, r.Status));
                        recorded[revoked] = current with { Status = r.Status };
                    }

                    break;
            }
        }

        Flush();
        return events;

        void Flush()
        {
            if (fresh.Count > 0)
            {
                events.Add(new CampaignEvents.JourneysCounted([.. fresh.Values]));
                fresh.Clear();
            }
        }
    }

    /// <summary>The revocation of a journey flagged with a pipeline status (cancelled, else flagged).</summary>
    public static JourneyRevoked Revoked(string operatorId, string journeyId, string status) =>
        new(operatorId, journeyId, status == Mobility.CarpoolProof.Pipeline.JourneyStatus.Canceled ? JourneyStatus.Cancelled : JourneyStatus.Flagged);

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

using Mobility.Actors.Serialization;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.Actors.Carpool;

/// <summary>Addressed to one journey entity, keyed "operator_id/operator_journey_id".</summary>
public interface IJourneyMessage : IClusterMessage
{
    string JourneyKey { get; }
}

/// <summary>Addressed to one identity entity, keyed by the pseudonymous identity key.</summary>
public interface IIdentityMessage : IClusterMessage
{
    string IdentityKey { get; }
}

/// <summary>
/// Addressed to one immutable key binding: "operator:ID", "device:OPERATOR:KEY" (a device as one operator registered
/// it, <see cref="KeyBindingSubjects"/>), "device:KEY" (registered before devices were per operator) or "traveler:ID".
/// </summary>
public interface IKeyBindingMessage : IClusterMessage
{
    string Subject { get; }
}

/// <summary>Binding subjects of devices.</summary>
public static class KeyBindingSubjects
{
    /// <summary>
    /// A device key is bound per operator: one operator registering (or squatting) a key cannot make it unknown or
    /// another person's for a second operator, and a declaration only uses the keys its own operator registered.
    /// </summary>
    public static string Device(string operatorId, string deviceKey) => "device:" + operatorId + ":" + deviceKey;

    /// <summary>The subject of devices bound before they were per operator: still read, never written.</summary>
    public static string LegacyDevice(string deviceKey) => "device:" + deviceKey;
}

/// <summary>Addressed to the transparency log singleton.</summary>
public interface ILogMessage : IClusterMessage;

/// <summary>Journey entity protocol.</summary>
public static class JourneyMessages
{
    /// <summary>A declaration body (registry v3.3 JSON plus evidence), at most <see cref="Mobility.CarpoolProof.Declarations.DeclarationJson.MaxBytes"/>.</summary>
    /// <param name="SignedInBatch">The node verified the operator's batch signature over this declaration (POST /v3/journeys/batch); the body carries no operator signature.</param>
    public sealed record Declare(string JourneyKey, byte[] Body, bool SignedInBatch = false) : IJourneyMessage;

    /// <summary>
    /// How a declaration was answered, as a neutral verdict (the HTTP layer maps it); <see cref="DeclarationVerdict.Recorded"/>
    /// carries the journey and its attestation, a refusal its violations and reasons.
    /// </summary>
    public sealed record Declared(string JourneyKey, DeclarationVerdict Verdict, string? Detail, IReadOnlyList<RuleViolation> Violations, JourneyView? Journey) : IClusterMessage;

    public sealed record Get(string JourneyKey) : IJourneyMessage;

    public sealed record Found(JourneyView Journey) : IClusterMessage;

    public sealed record NotFound(string JourneyKey) : IClusterMessage;

    /// <summary>
    /// A later flag (cancellation by the operator, fraud found): a status-change leaf is logged and revokes the
    /// attestation. <see cref="Withdraw"/> also removes the journey from its identities' counts.
    /// </summary>
    public sealed record Flag(string JourneyKey, string Status, string Reason, bool Withdraw) : IJourneyMessage;

    /// <summary>How a flag was answered; <see cref="FlagResult.Flagged"/> carries the journey as it now stands.</summary>
    public sealed record Flagged(string JourneyKey, FlagResult Result, string? Detail, JourneyView? Journey) : IClusterMessage;
}

/// <summary>How a flag was answered (the HTTP layer maps it).</summary>
public enum FlagResult
{
    /// <summary>Revoked now, or already revoked with the same status (a harmless retry).</summary>
    Flagged = 1,

    /// <summary>No journey under this key.</summary>
    NotFound = 2,

    /// <summary>Already revoked with another status.</summary>
    Conflict = 3,

    /// <summary>The log did not append the revocation; nothing changed, retry later.</summary>
    Unavailable = 4,
}

/// <summary>
/// The read shape of a recorded journey. <see cref="Territories"/>: the territories it was attributed to at its
/// acceptance (those containing its start or its end; docs/proofs.md "Territories"), null for a journey recorded
/// before attribution existed (the configured territory's).
/// </summary>
public sealed record JourneyView(
    string OperatorId,
    string OperatorJourneyId,
    string OperatorTripId,
    string Status,
    string ProofClass,
    IReadOnlyList<string> Labels,
    IReadOnlyList<RuleResult> Rules,
    DateTimeOffset Start,
    DateTimeOffset End,
    DateTimeOffset AcceptedAt,
    long LeafIndex,
    string Attestation,
    string? Revocation,
    long? RevocationLeafIndex,
    IReadOnlyList<string>? Territories = null);

/// <summary>Identity entity protocol: reserve-then-commit, one journey at a time per identity.</summary>
public static class IdentityMessages
{
    /// <summary>
    /// Holds the identity for one journey and answers the cross-journey violations it would cause and the evidence
    /// values (challenges, nonces) this identity already used elsewhere. Later reservations wait until
    /// <see cref="Commit"/> or <see cref="Release"/> (or the hold times out).
    /// </summary>
    public sealed record Reserve(string IdentityKey, TripFacts Trip, IReadOnlyList<string> Values) : IIdentityMessage;

    public sealed record Reserved(string IdentityKey, string JourneyKey, IReadOnlyList<RuleViolation> Violations, IReadOnlyList<string> Replays) : IClusterMessage;

    public sealed record Commit(string IdentityKey, TripFacts Trip, IReadOnlyList<string> Values) : IIdentityMessage;

    public sealed record Release(string IdentityKey, string JourneyKey) : IIdentityMessage;

    public sealed record Withdraw(string IdentityKey, string JourneyKey, string Reason) : IIdentityMessage;

    public sealed record GetJourneys(string IdentityKey) : IIdentityMessage;

    public sealed record Journeys(string IdentityKey, IReadOnlyList<string> JourneyKeys) : IClusterMessage;
}

/// <summary>Key binding protocol: a subject is bound once to a value, for ever.</summary>
public static class KeyBindingMessages
{
    public sealed record Bind(string Subject, string Value) : IKeyBindingMessage;

    public sealed record Get(string Subject) : IKeyBindingMessage;

    /// <summary>
    /// Ends a device's or a traveler account's binding (a lost phone, a rotated key, an account unlinked): the subject
    /// is unbound and may be bound again, to the same or another value. Operator signing keys are never unbound.
    /// Answered with the <see cref="Binding"/> after (value null). With <paramref name="Only"/>, the binding ends only
    /// when it holds that value (else answered as a conflict, nothing changed): a holder removing its own card never
    /// ends the binding another holder made after it.
    /// </summary>
    public sealed record Unbind(string Subject, string? Only = null) : IKeyBindingMessage;

    /// <summary>The binding (null value when unbound); <see cref="Conflict"/> when a Bind named another value.</summary>
    public sealed record Binding(string Subject, string? Value, bool Created, bool Conflict) : IClusterMessage;
}

/// <summary>Transparency log singleton protocol.</summary>
public static class LogMessages
{
    /// <param name="Territories">Per leaf, the journey's attribution as space-separated territory codes (null for a leaf
    /// that is not a journey commitment): the log's index lists an authority the journeys of its territory.</param>
    public sealed record Append(IReadOnlyList<byte[]> Leaves, IReadOnlyList<string?>? Territories = null) : ILogMessage;

    /// <summary>
    /// Indices of the appended leaves, their inclusion proofs (base64 hashes) in the checkpoint's tree. A leaf for a
    /// journey (or revocation) the log already held was not appended again: <see cref="Existing"/> then holds, at its
    /// position, the stored leaf (base64) its index points to; null when every leaf is new.
    /// </summary>
    public sealed record Appended(IReadOnlyList<long> Indices, long TreeSize, string Checkpoint, IReadOnlyList<IReadOnlyList<string>> Proofs,
        IReadOnlyList<string?>? Existing = null) : IClusterMessage;

    public sealed record GetCheckpoint() : ILogMessage;

    public sealed record CheckpointNote(long Size, string Note) : IClusterMessage;

    public sealed record ProveInclusion(long Index, long Size) : ILogMessage;

    public sealed record ProveConsistency(long From, long To) : ILogMessage;

    public sealed record Proof(long First, long Second, IReadOnlyList<string> Path) : IClusterMessage;

    public sealed record ReadLeaves(long Start, long End) : ILogMessage;

    public sealed record Leaves(long Start, IReadOnlyList<string> Base64) : IClusterMessage;

    /// <summary>Journeys in log order after leaf index <see cref="After"/>, optionally of one operator, status or
    /// territory (an authority's listing: only the journeys attributed to it).</summary>
    public sealed record ListJourneys(string? OperatorId, string? Status, long After, int Limit, string? Territory = null) : ILogMessage;

    public sealed record JourneyList(IReadOnlyList<JourneySummary> Journeys, long? Next) : IClusterMessage;

    /// <summary>The log did not do it: <see cref="LogFailure.Unavailable"/> (retry, perhaps on the singleton the
    /// cluster kept) or <see cref="LogFailure.OutOfRange"/> (the request names leaves or sizes the log does not have).</summary>
    public sealed record Failed(LogFailure Kind, string Reason) : IClusterMessage;
}

/// <summary>Why the log singleton refused (the HTTP layer maps it: 503, 400).</summary>
public enum LogFailure
{
    Unavailable = 1,
    OutOfRange = 2,
}

/// <summary>One journey as the log shows it: its commitment and the latest status change.</summary>
public sealed record JourneySummary(
    string OperatorId,
    string OperatorJourneyId,
    long LeafIndex,
    string Status,
    string ProofClass,
    IReadOnlyList<string> Labels,
    DateTimeOffset Start,
    DateTimeOffset AcceptedAt,
    long? RevocationLeafIndex,
    IReadOnlyList<string>? Territories = null);

/// <summary>Events of the carpool entities (persisted). Never changed once stored: a new shape is a new manifest.</summary>
public static class CarpoolEvents
{
    public sealed record KeyBound(string Subject, string Value) : IPersistedEvent;

    public sealed record KeyUnbound(string Subject, string Value, DateTimeOffset At) : IPersistedEvent;

    public sealed record TripRecorded(string IdentityKey, TripFacts Trip, IReadOnlyList<string> Values) : IPersistedEvent;

    public sealed record TripWithdrawn(string IdentityKey, string JourneyKey, string Reason) : IPersistedEvent;

    /// <param name="ForCampaigns">What the campaigns count of this journey, persisted with it (tagged
    /// <see cref="Campaigns.CampaignFeed.Tag"/>) so that the campaign directory reads it from the journal after any
    /// crash; null in events written before the durable feed.</param>
    /// <param name="Declaration">The declaration as the operator sent it (registry JSON with its device statements),
    /// kept so that <c>mobility audit export</c> can hand an auditor what the operator signed and the log commits to
    /// (issue 12 part 5); null in events written before.</param>
    /// <param name="SignedInBatch">The operator signed the declaration as part of a batch (its signature covers the
    /// batch's list of declaration hashes, not this body).</param>
    public sealed record JourneyAccepted(
        JourneyView Journey,
        string DriverKey,
        string PassengerKey,
        IReadOnlyList<string> Values,
        string LeafBase64,
        Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney? ForCampaigns = null,
        byte[]? Declaration = null,
        bool SignedInBatch = false) : IPersistedEvent;

    public sealed record JourneyFlagged(string JourneyKey, string Status, string Reason, long LeafIndex, DateTimeOffset At) : IPersistedEvent;
}

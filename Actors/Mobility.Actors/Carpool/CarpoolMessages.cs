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

/// <summary>Addressed to one operator-signed batch's manifest entity, keyed "operator_id/manifest hash" (<see cref="BatchMessages.KeyOf"/>).</summary>
public interface IBatchMessage : IClusterMessage
{
    string BatchKey { get; }
}

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

    /// <summary>
    /// A journey decided and logged as part of a batch (<see cref="DeclarationBatchWorkflow"/>): persist it (one event)
    /// unless it is already recorded. Answered with <see cref="Declared"/>: recorded (also when the same leaf was
    /// already recorded: a retried batch), or already recorded when another leaf stands for this journey.
    /// </summary>
    public sealed record Record(string JourneyKey, CarpoolEvents.JourneyAccepted Accepted) : IJourneyMessage;

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

    /// <summary>Ends the hold of a journey or a batch (<paramref name="JourneyKey"/> is then the batch key), or cancels its waiting batch reservation.</summary>
    public sealed record Release(string IdentityKey, string JourneyKey) : IIdentityMessage;

    /// <summary>
    /// Holds the identity for a whole batch and answers, once, what the batch needs to judge all its journeys of this
    /// identity (<see cref="IdentitySnapshot"/>: the trips the rules weigh, which of <paramref name="JourneyKeys"/> and
    /// <paramref name="Values"/> it holds). Waits in the identity's queue while another journey or batch holds it;
    /// <see cref="Release"/> with the batch key cancels the wait.
    /// </summary>
    public sealed record ReserveBatch(string IdentityKey, string BatchKey, IReadOnlyList<string> JourneyKeys, IReadOnlyList<string> Values) : IIdentityMessage;

    public sealed record BatchReserved(string IdentityKey, string BatchKey, IdentitySnapshot Snapshot) : IClusterMessage;

    /// <summary>Records the batch's journeys of this identity (one write, those it does not know yet) and ends the batch's hold; empty ends the hold only.</summary>
    public sealed record CommitBatch(string IdentityKey, string BatchKey, IReadOnlyList<BatchTrip> Trips) : IIdentityMessage;

    public sealed record BatchCommitted(string IdentityKey, string BatchKey) : IClusterMessage;

    /// <summary>One journey of a batch as an identity records it, with its evidence values.</summary>
    public sealed record BatchTrip(TripFacts Trip, IReadOnlyList<string> Values);

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
    /// <param name="Openings">For each sealed (v2) leaf, its opening (<see cref="LeafOpening.ToBytes"/>: salt then body),
    /// stored by the singleton before the leaf; null for a v1 leaf. Null when every leaf is v1.</param>
    public sealed record Append(IReadOnlyList<byte[]> Leaves, IReadOnlyList<string?>? Territories = null, IReadOnlyList<byte[]?>? Openings = null) : ILogMessage;

    /// <summary>
    /// Indices of the appended leaves, their inclusion proofs (base64 hashes) in the checkpoint's tree. A leaf for a
    /// journey (or revocation) the log already held was not appended again: <see cref="Existing"/> then holds, at its
    /// position, the stored leaf (base64) its index points to; null when every leaf is new. <see cref="ExistingOpenings"/>
    /// holds the stored leaf's opening (base64 of salt then body) when it is sealed.
    /// </summary>
    public sealed record Appended(IReadOnlyList<long> Indices, long TreeSize, string Checkpoint, IReadOnlyList<IReadOnlyList<string>> Proofs,
        IReadOnlyList<string?>? Existing = null, IReadOnlyList<string?>? ExistingOpenings = null) : IClusterMessage;

    public sealed record GetCheckpoint() : ILogMessage;

    public sealed record CheckpointNote(long Size, string Note) : IClusterMessage;

    public sealed record ProveInclusion(long Index, long Size) : ILogMessage;

    public sealed record ProveConsistency(long From, long To) : ILogMessage;

    public sealed record Proof(long First, long Second, IReadOnlyList<string> Path) : IClusterMessage;

    public sealed record ReadLeaves(long Start, long End) : ILogMessage;

    /// <summary>The stored commitment (base64 leaf) of each journey key ("operator/operator_journey_id"), or null where the log has none.</summary>
    public sealed record FindJourneys(IReadOnlyList<string> JourneyKeys) : ILogMessage;

    /// <see cref="Openings"/>: at each position, the opening (base64 of <c>LeafOpening.ToBytes</c>) of a sealed
    /// (v2) leaf, which alone shows its journey and declaration; null when no leaf found is sealed.
    public sealed record JourneysFound(IReadOnlyList<string?> Leaves, IReadOnlyList<string?>? Openings = null) : IClusterMessage;

    public sealed record Leaves(long Start, IReadOnlyList<string> Base64) : IClusterMessage;

    /// <summary>The openings of the sealed leaves in [<see cref="Start"/>, <see cref="End"/>) (the log's private half, for the authority).</summary>
    public sealed record ReadOpenings(long Start, long End) : ILogMessage;

    /// <summary>Each sealed leaf of the range with its opening: leaf index, salt (base64url), body (base64 of the committed bytes).</summary>
    public sealed record Openings(long Start, IReadOnlyList<OpenedLeaf> Items) : IClusterMessage;

    public sealed record OpenedLeaf(long LeafIndex, string Salt, string Body);

    /// <summary>Journeys in log order after leaf index <see cref="After"/>, optionally of one operator, status or
    /// territory (an authority's listing: only the journeys attributed to it).</summary>
    public sealed record ListJourneys(string? OperatorId, string? Status, long After, int Limit, string? Territory = null) : ILogMessage;

    public sealed record JourneyList(IReadOnlyList<JourneySummary> Journeys, long? Next) : IClusterMessage;

    /// <summary>The log did not do it: <see cref="LogFailure.Unavailable"/> (retry, perhaps on the singleton the
    /// cluster kept) or <see cref="LogFailure.OutOfRange"/> (the request names leaves or sizes the log does not have).</summary>
    public sealed record Failed(LogFailure Kind, string Reason) : IClusterMessage;
}

/// <summary>Batch manifest protocol: an operator's signed batch kept as it signed it, once.</summary>
public static class BatchMessages
{
    /// <summary>Keeps the manifest (idempotent: the same batch again changes nothing). Answered with <see cref="Kept"/>.</summary>
    public sealed record Keep(string BatchKey, string OperatorId, string Signature, IReadOnlyList<string> DeclarationHashes) : IBatchMessage;

    public sealed record Kept(string BatchKey, bool Created) : IClusterMessage;

    /// <summary>"operator_id/base64url(SHA-256(signing message))": one key per signed batch, the same for a retry.</summary>
    public static string KeyOf(string operatorId, IReadOnlyList<string> declarationHashes) =>
        operatorId + "/" + Mobility.CarpoolProof.Evidence.Base64Url.Encode(System.Security.Cryptography.SHA256.HashData(
            Mobility.CarpoolProof.Declarations.DeclarationBatchCanonical.SigningMessage(operatorId, declarationHashes)));
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
    /// <param name="LeafSalt">The salt (base64url, 32 bytes) sealing the journey's v2 leaf (<see cref="LeafBase64"/>), which
    /// also seals its status-change leaves; null for a v1 leaf (events written before leaves were sealed).</param>
    public sealed record JourneyAccepted(
        JourneyView Journey,
        string DriverKey,
        string PassengerKey,
        IReadOnlyList<string> Values,
        string LeafBase64,
        Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney? ForCampaigns = null,
        byte[]? Declaration = null,
        bool SignedInBatch = false,
        string? LeafSalt = null) : IPersistedEvent;

    public sealed record JourneyFlagged(string JourneyKey, string Status, string Reason, long LeafIndex, DateTimeOffset At) : IPersistedEvent;

    /// <summary>
    /// An operator's signed batch manifest as received (docs/proofs.md, "Operator-signed batches"): the declaration
    /// hashes in batch order and the operator's signature over them, so that <c>audit replay</c> re-checks what the
    /// operator signed for each journey accepted from it. Kept before any of its journeys is logged.
    /// </summary>
    public sealed record BatchManifestKept(string OperatorId, string Signature, IReadOnlyList<string> DeclarationHashes, DateTimeOffset At) : IPersistedEvent;
}

namespace Mobility.CarpoolProof.Rules.CrossOperator;

/// <summary>
/// One journey as an identity's state sees it. <see cref="JourneyKey"/> is "operator/operator_journey_id".
/// <see cref="ProofClass"/> ("A", "B", "C") weighs the journey against an overlapping one at another operator; null
/// (events recorded before the class was kept) weighs as unknown: see <see cref="IdentityState.Evaluate"/>.
/// </summary>
public sealed record TripFacts(
    string JourneyKey,
    string OperatorId,
    string OperatorTripId,
    string Role,
    string Counterpart,
    DateTimeOffset Start,
    DateTimeOffset End,
    string? ProofClass = null);

/// <summary>Commands to one identity's state (sharded by identity key in the cluster).</summary>
public static class IdentityCommands
{
    public interface IIdentityCommand { string IdentityKey { get; } }

    /// <summary>Evaluate the cross-journey rules for a new journey, without recording it.</summary>
    public sealed record Check(string IdentityKey, TripFacts Trip) : IIdentityCommand;

    /// <summary>Record an accepted journey and the evidence values (<see cref="Decision.EvidenceValues"/>) it used.</summary>
    public sealed record Record(string IdentityKey, TripFacts Trip, IReadOnlyList<string>? Values = null) : IIdentityCommand;

    /// <summary>Withdraw a journey (cancellation, fraud found) so it no longer counts against the identity.</summary>
    public sealed record Revoke(string IdentityKey, string JourneyKey, string Reason) : IIdentityCommand;
}

/// <summary>
/// What one identity answers about a new journey: the cross-journey violations it would cause and the evidence
/// values it carries that this identity already used in another journey (each one refuses it as replayed).
/// </summary>
public sealed record IdentityAnswer(IReadOnlyList<RuleViolation> Violations, IReadOnlyList<string> Replays)
{
    public static IdentityAnswer None { get; } = new([], []);
}

/// <summary>Events of one identity's state.</summary>
public static class IdentityEvents
{
    public interface IIdentityEvent { string IdentityKey { get; } }

    public sealed record TripChecked(string IdentityKey, string JourneyKey, IReadOnlyList<RuleViolation> Violations) : IIdentityEvent;

    public sealed record TripRecorded(string IdentityKey, TripFacts Trip, IReadOnlyList<string>? Values = null) : IIdentityEvent;

    public sealed record TripRevoked(string IdentityKey, string JourneyKey, string Reason) : IIdentityEvent;
}

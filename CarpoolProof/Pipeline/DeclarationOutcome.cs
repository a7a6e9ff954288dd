using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>How the pipeline answered one declaration.</summary>
public enum OutcomeKind
{
    /// <summary>Logged; status ok, fraud_error or anomaly_error.</summary>
    Accepted,
    /// <summary>Refused, nothing stored: invalid, a signature refused, or a terms violation (<see cref="DeclarationOutcome.Verdict"/>).</summary>
    Refused,
    /// <summary>operator_journey_id already recorded.</summary>
    Conflict,
}

/// <summary>Registry journey status values used here.</summary>
public static class JourneyStatus
{
    public const string Ok = "ok";
    public const string FraudError = "fraud_error";
    public const string AnomalyError = "anomaly_error";
    public const string Canceled = "canceled";
}

/// <summary>One rule evaluated for a declaration: its label and whether it passed.</summary>
public sealed record RuleResult(string Label, bool Passed, string? Detail = null);

/// <summary>The pipeline's answer for one declaration.</summary>
public sealed record DeclarationOutcome(
    string OperatorId,
    string OperatorJourneyId,
    OutcomeKind Kind,
    ProofClass? Class,
    string? Status,
    IReadOnlyList<RuleViolation> Violations,
    IReadOnlyList<RuleResult> Rules,
    long? LeafIndex,
    string? Detail)
{
    /// <summary>The neutral verdict (the HTTP layer maps it: docs/api.md).</summary>
    public DeclarationVerdict Verdict => Kind switch
    {
        OutcomeKind.Accepted => DeclarationVerdict.Recorded,
        OutcomeKind.Conflict => DeclarationVerdict.AlreadyRecorded,
        _ => DeclarationVerdicts.OfRefusal(Violations),
    };
}

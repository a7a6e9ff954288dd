using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>How the pipeline answered one declaration.</summary>
public enum OutcomeKind
{
    /// <summary>Logged; status ok, fraud_error or anomaly_error.</summary>
    Accepted,
    /// <summary>Refused, nothing stored: invalid (HTTP 400/401) or terms violation (HTTP 422).</summary>
    Refused,
    /// <summary>operator_journey_id already recorded (HTTP 409).</summary>
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
    /// <summary>The HTTP status an API answers with.</summary>
    public int HttpStatus => Kind switch
    {
        OutcomeKind.Accepted => 201,
        OutcomeKind.Conflict => 409,
        _ when Violations.Any(v => v.Label is RuleLabel.MissingSignature or RuleLabel.InvalidSignature or RuleLabel.UnknownKey) => 401,
        _ when Violations.Any(v => v.Severity == RuleSeverity.Invalid) => 400,
        _ => 422,
    };
}

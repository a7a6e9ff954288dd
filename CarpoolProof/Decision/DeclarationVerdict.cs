using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// How a declaration was answered, as a neutral value: the HTTP layer maps it to a status code and problem details
/// (docs/api.md); nothing here knows of HTTP, so the same value crosses the cluster and the benchmark reads it.
/// </summary>
public enum DeclarationVerdict
{
    /// <summary>Logged and attested; status ok, fraud_error or anomaly_error.</summary>
    Recorded = 1,

    /// <summary>Malformed, out of bounds or replayed; nothing stored.</summary>
    Invalid = 2,

    /// <summary>A signature is missing, does not verify or names an unknown key; nothing stored.</summary>
    SignatureRefused = 3,

    /// <summary>Refused under the registry's terms of use (too many trips, too close, too short, expired); nothing stored.</summary>
    TermsViolation = 4,

    /// <summary>The operator_journey_id is already recorded (or committed in the log for another declaration).</summary>
    AlreadyRecorded = 5,

    /// <summary>A part the decision needs (an entity, the log) did not answer, or disagrees; nothing stored, retry later.</summary>
    Unavailable = 6,
}

public static class DeclarationVerdicts
{
    /// <summary>The verdict of a refusal, from its violations (the first kind that applies, in this order).</summary>
    public static DeclarationVerdict OfRefusal(IReadOnlyList<RuleViolation> violations)
    {
        if (violations.Any(v => v.Severity == RuleSeverity.Conflict)) return DeclarationVerdict.AlreadyRecorded;
        if (violations.Any(v => v.Label is RuleLabel.MissingSignature or RuleLabel.InvalidSignature or RuleLabel.UnknownKey))
            return DeclarationVerdict.SignatureRefused;
        return violations.Any(v => v.Severity == RuleSeverity.Invalid) ? DeclarationVerdict.Invalid : DeclarationVerdict.TermsViolation;
    }
}

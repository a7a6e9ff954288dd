using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// The decision on one declaration (<see cref="JourneyDecider.Judge"/>): refused with its violations, or recorded
/// with the commitment to log, the status, the rules evaluated, and the earlier journeys its evidence indicts.
/// </summary>
public sealed record Judgement(
    DeclarationVerdict Verdict,
    IReadOnlyList<RuleViolation> Violations,
    JourneyCommitment? Commitment,
    IReadOnlyList<RuleResult> Rules)
{
    public bool Recorded => Verdict == DeclarationVerdict.Recorded;

    /// <summary>Status of a recorded journey (ok, fraud_error, anomaly_error); null when refused.</summary>
    public string? Status => Commitment?.Status;

    /// <summary>The labels of the refusal or of the recorded journey (never an indictment of another journey).</summary>
    public IReadOnlyList<string> Labels => Commitment?.Labels ?? [.. Violations.Select(v => v.Label).Distinct()];

    /// <summary>Earlier journeys to revoke: the other side of a fraud, or a weaker journey this one's evidence indicts.</summary>
    public IReadOnlyList<(string JourneyKey, string Label)> Indicted =>
        Recorded ? [.. Violations.Where(v => v.Flags is not null).Select(v => (v.Flags!, v.Label)).DistinctBy(v => v.Item1)] : [];

    /// <summary>The refusal's reasons on one line ("label: detail; ...").</summary>
    public string Detail => string.Join("; ", Violations.Select(v => v.Label + ": " + v.Detail));

    public static Judgement Refuse(IReadOnlyList<RuleViolation> violations) =>
        new(DeclarationVerdicts.OfRefusal(violations), violations, null, []);
}

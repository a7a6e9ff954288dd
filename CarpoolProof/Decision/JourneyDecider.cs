using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Decision;

/// <summary>
/// The one place a carpool declaration is decided (docs/proofs.md, "How a declaration is decided"). Two steps, so
/// that the state-free work runs in parallel and only the second holds anything:
/// <list type="number">
/// <item><see cref="Examine"/>: validate, verify every signature, grade, the declaration rules and plausibility;</item>
/// <item><see cref="Judge"/>: given what each occupant's identity answers (<see cref="IdentityState.Answer"/>:
/// cross-operator rules, weighed by proof class, and replayed evidence values), refuse or record: status, labels,
/// the commitment the log appends, the rules evaluated and the journeys indicted.</item>
/// </list>
/// The in-process <see cref="ProofPipeline"/> (what <c>proof bench</c> measures) and the cluster's journey
/// entities (what the API runs) both call these two and nothing else decides.
/// </summary>
public static class JourneyDecider
{
    /// <summary>Rules evaluated for every declaration that reaches them, in report order.</summary>
    public static readonly string[] EvaluatedRules =
    [
        RuleLabel.InvalidSignature, RuleLabel.ReplayedStatement, .. DeclarationRules.Labels,
        RuleLabel.TooManyTripsByDay, RuleLabel.TooCloseTrips, RuleLabel.InteroperatorOverlap,
        RuleLabel.InteroperatorTooManyTripsByDay, RuleLabel.InteroperatorTooCloseTrips, RuleLabel.TemporalOverlapAnomaly,
        RuleLabel.DistanceDurationAnomaly,
    ];

    /// <summary>A body that did not parse: refused with where and why.</summary>
    public static Examination Unreadable(string reason) =>
        new(null, true, [new(RuleLabel.ValidationError, RuleSeverity.Invalid, reason)], null, null, []);

    /// <param name="keys">The operator's key and the device keys the declaration names, as bound.</param>
    /// <param name="signedInBatch">The operator signed it inside a <see cref="DeclarationBatch"/> (checked once for
    /// the batch by <see cref="RefuseUnsignedBatch"/>); its hash is then computed even when it is refused.</param>
    public static Examination Examine(SignedDeclaration d, KeyDirectory keys, IRouteEstimator router, DateTimeOffset now, bool signedInBatch = false)
    {
        var hash = signedInBatch ? JourneyCommitment.HashDeclaration(d) : null;
        Examination Refuse(params RuleViolation[] v) => new(d, true, v, null, hash, []);

        var errors = DeclarationValidator.Validate(d);
        if (errors.Count > 0) return Refuse(new RuleViolation(RuleLabel.ValidationError, RuleSeverity.Invalid, string.Join("; ", errors)));
        var check = EvidenceVerifier.Verify(d, keys, signedInBatch);
        if (!check.Ok) return Refuse(new RuleViolation(check.Failure!, RuleSeverity.Invalid, check.FailureDetail ?? check.Failure!));
        var evidence = check.VerifiedEvidence(d); // v2 unfolded: the same values and the same checks as v1
        if (EvidenceValues.InnerReplay(evidence) is { } inner) return Refuse(new RuleViolation(RuleLabel.ReplayedStatement, RuleSeverity.Invalid, inner));

        var grade = ProofGrader.Grade(d, check);
        var violations = DeclarationRules.Check(d.Journey, now);
        if (violations.Any(v => v.Severity is RuleSeverity.Invalid or RuleSeverity.Terms)) return Refuse([.. violations]);
        if (PlausibilityRule.Check(d.Journey, router) is { Count: > 0 } implausible)
            violations.Add(new(RuleLabel.DistanceDurationAnomaly, RuleSeverity.Anomaly, string.Join("; ", implausible)));
        hash ??= JourneyCommitment.HashSigningMessage(check.DeclarationMessage!);
        return new Examination(d, false, violations, grade, hash, EvidenceValues.Of(evidence));
    }

    /// <summary>
    /// The operator's one signature over a batch's declaration hashes (docs/proofs.md, "Batches"): null when it
    /// verifies, else the violation that refuses every declaration of the batch.
    /// </summary>
    public static RuleViolation? RefuseUnsignedBatch(string operatorId, string? signature, IReadOnlyList<string> declarationHashes, KeyDirectory keys) =>
        EvidenceVerifier.VerifyBatch(operatorId, signature, declarationHashes, keys) is { } f ? new(f.Label, RuleSeverity.Invalid, f.Detail) : null;

    /// <summary>
    /// Decides an examined declaration from its identities' answers (one per entry of <see cref="Examination.Trips"/>).
    /// <paramref name="now"/> stamps the commitment (truncated to the second).
    /// </summary>
    public static Judgement Judge(Examination e, IReadOnlyList<IdentityAnswer> answers, DateTimeOffset now)
    {
        if (e.Refused || e.Declaration is not { } d) return Judgement.Refuse(e.Violations);
        var replays = answers.SelectMany(a => a.Replays).Distinct(StringComparer.Ordinal).ToList();
        if (replays.Count > 0) return Judgement.Refuse([new(RuleLabel.ReplayedStatement, RuleSeverity.Invalid, string.Join("; ", replays))]);

        var violations = new List<RuleViolation>(e.Violations);
        foreach (var v in answers.SelectMany(a => a.Violations))
            if (!violations.Exists(x => x.Label == v.Label && x.OtherJourney == v.OtherJourney))
                violations.Add(v);
        if (violations.Any(v => v.Severity == RuleSeverity.Terms)) return Judgement.Refuse(violations);

        var status = violations.Any(v => v.Severity == RuleSeverity.Fraud) ? JourneyStatus.FraudError
            : violations.Any(v => v.Severity == RuleSeverity.Anomaly) ? JourneyStatus.AnomalyError
            : JourneyStatus.Ok;
        var labels = violations.Where(v => v.AppliesHere).Select(v => v.Label).Distinct().Order(StringComparer.Ordinal).ToArray();
        var commitment = new JourneyCommitment(d.OperatorId, d.Journey.OperatorJourneyId, e.DeclarationHash!, e.Grade!.Class.ToString(),
            status, labels, d.Journey.Start.Datetime, UtcTimestamp.Truncate(now));
        return new Judgement(DeclarationVerdict.Recorded, violations, commitment, RulesOf(labels));
    }

    /// <summary>
    /// The judgement of a journey whose commitment the log already holds (an earlier attempt appended it, then
    /// crashed before the journey was recorded): the logged decision stands, with the violations it names.
    /// </summary>
    public static Judgement Adopt(Judgement judged, JourneyCommitment logged) =>
        judged with
        {
            Commitment = logged,
            Violations = [.. judged.Violations.Where(v => !v.AppliesHere || logged.Labels.Contains(v.Label))],
            Rules = RulesOf(logged.Labels),
        };

    /// <summary>Every evaluated rule with whether it passed (failed: one of the journey's labels).</summary>
    public static List<RuleResult> RulesOf(IReadOnlyCollection<string> labels) =>
        [.. EvaluatedRules.Select(label => new RuleResult(label, !labels.Contains(label)))];
}

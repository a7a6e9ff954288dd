using FsCheck;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Decision;

/// <summary>
/// A batch is a unit of transport, not of decision (docs/proofs.md, "Batches"): whatever declarations a batch holds,
/// in whatever mix (four people who meet again and again at two operators, so that every cross-journey rule, the
/// duplicates and the replays fire), each one gets the verdict it gets when the same declarations come one by one in
/// the same order, and the log ends with the same leaves.
/// </summary>
public sealed class BatchVerdictPropertyTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-4);

    [Property(MaxTest = 60)]
    public bool A_batch_decides_each_declaration_as_one_by_one(NonEmptyArray<int> seeds)
    {
        using var w = new ProofWorld();
        var people = Enumerable.Range(0, 4).Select(_ => w.Carpools.NewPerson()).ToArray();
        var declarations = Plan(w, people, seeds.Get.Take(16).ToArray());

        var (onePipeline, oneLog) = Twin(w);
        using var _1 = oneLog;
        var oneByOne = declarations.Select(d => onePipeline.Submit([d])[0]).ToList();

        var (mixedPipeline, mixedLog) = Twin(w);
        using var _2 = mixedLog;
        var mixed = mixedPipeline.Submit(declarations);

        // Operator-signed batches: each operator's declarations in one batch, in order; the same order one by one.
        var byOperator = declarations.OrderBy(d => d.OperatorId, StringComparer.Ordinal).ToList(); // stable: keeps the order within an operator
        var (orderedPipeline, orderedLog) = Twin(w);
        using var _3 = orderedLog;
        var ordered = byOperator.Select(d => orderedPipeline.Submit([d])[0]).ToList();
        var (signedPipeline, signedLog) = Twin(w);
        using var _4 = signedLog;
        var signed = byOperator.GroupBy(d => d.OperatorId)
            .SelectMany(g => signedPipeline.SubmitBatch(Signing.SignBatch(g.Key, g, w.Carpools.Operators.First(o => o.Id == g.Key).Key)))
            .ToList();

        return Same(oneByOne, mixed) && oneLog.Size == mixedLog.Size && oneLog.RootHash().SequenceEqual(mixedLog.RootHash())
            && Same(ordered, signed) && orderedLog.Size == signedLog.Size && orderedLog.RootHash().SequenceEqual(signedLog.RootHash())
            && declarations.All(d => Status(onePipeline, d) == Status(mixedPipeline, d) && Status(orderedPipeline, d) == Status(signedPipeline, d));
    }

    /// <summary>
    /// The cluster's batch path (docs/proofs.md, "Batches as a unit"): each operator's declarations in signed batches
    /// of <paramref name="size"/>; per batch one snapshot of each identity it touches (as the identity entities hold
    /// them after the earlier batches), <see cref="BatchJudge"/>, then each identity's journeys recorded into its
    /// entity state in one commit. Every verdict, class, status and violation equals the one-by-one pipeline's.
    /// </summary>
    [Property(MaxTest = 60)]
    public bool The_cluster_batch_path_decides_each_declaration_as_one_by_one(NonEmptyArray<int> seeds, PositiveInt size)
    {
        using var w = new ProofWorld();
        var people = Enumerable.Range(0, 4).Select(_ => w.Carpools.NewPerson()).ToArray();
        var byOperator = Plan(w, people, seeds.Get.Take(16).ToArray()).OrderBy(d => d.OperatorId, StringComparer.Ordinal).ToList();
        var (pipeline, log) = Twin(w);
        using var _ = log;
        var oneByOne = byOperator.Select(d => pipeline.Submit([d])[0]).ToList();

        var now = w.Time.GetUtcNow();
        var entities = new Dictionary<string, IdentityState>(StringComparer.Ordinal); // what the identity entities have persisted
        var recorded = new HashSet<string>(StringComparer.Ordinal);                   // journeys the journey entities hold
        var verdicts = new List<(Examination Examined, Judgement Judged)>();
        foreach (var batch in byOperator.GroupBy(d => d.OperatorId).SelectMany(g => g.Chunk(1 + size.Get % 5)))
        {
            var signed = Signing.SignBatch(batch[0].OperatorId, batch, w.Carpools.Operators.First(o => o.Id == batch[0].OperatorId).Key);
            var examined = signed.Declarations.Select(d => JourneyDecider.Examine(d, w.Keys, new GreatCircleRouteEstimator(), now, signedInBatch: true)).ToArray();
            var touched = examined.Where(e => !e.Refused && !recorded.Contains(e.JourneyKey)).SelectMany(e => e.Trips().Select(t => (t.Identity, e.JourneyKey, e.Values)))
                .GroupBy(t => t.Identity);
            var copies = touched.ToDictionary(g => g.Key, g => IdentityState.FromSnapshot(
                (entities.GetValueOrDefault(g.Key) ?? new IdentityState(g.Key)).Snapshot(g.Select(t => t.JourneyKey), g.SelectMany(t => t.Values))), StringComparer.Ordinal);
            var decision = BatchJudge.Judge(examined, recorded, copies, now);
            foreach (var (identity, trips) in decision.Trips)
            {
                var entity = entities.TryGetValue(identity, out var e) ? e : entities[identity] = new IdentityState(identity);
                foreach (var (trip, values) in trips)
                    foreach (var ev in entity.Process(new IdentityCommands.Record(identity, trip, values))) entity.Apply(ev);
            }

            recorded.UnionWith(examined.Where((_, i) => decision.Judgements[i].Recorded).Select(e => e.JourneyKey));
            verdicts.AddRange(examined.Zip(decision.Judgements));
        }

        return oneByOne.Count == verdicts.Count && oneByOne.Zip(verdicts).All(p =>
            p.First.Kind == KindOf(p.Second.Judged) && p.First.Violations.SequenceEqual(p.Second.Judged.Violations)
            && p.First.Status == p.Second.Judged.Status && p.First.Class == (p.Second.Judged.Recorded ? p.Second.Examined.Grade!.Class : null));
    }

    private static OutcomeKind KindOf(Judgement j) =>
        j.Recorded ? OutcomeKind.Accepted : j.Verdict == DeclarationVerdict.AlreadyRecorded ? OutcomeKind.Conflict : OutcomeKind.Refused;

    [Fact]
    public void The_plans_exercise_refusals_fraud_and_conflicts()
    {
        // Guards the property against a generator that only makes clean journeys.
        using var w = new ProofWorld();
        var people = Enumerable.Range(0, 4).Select(_ => w.Carpools.NewPerson()).ToArray();
        var outcomes = w.Pipeline.Submit(Plan(w, people, [.. Enumerable.Range(0, 40).Select(i => i * 7919)]));
        Assert.Contains(outcomes, o => o.Kind == OutcomeKind.Conflict);
        Assert.Contains(outcomes, o => o.Violations.Any(v => v.Label == RuleLabel.ReplayedStatement));
        Assert.Contains(outcomes, o => o.Violations.Any(v => v.Label == RuleLabel.DriverIsPassenger));
        Assert.Contains(outcomes, o => o.Status == JourneyStatus.FraudError);
        Assert.Contains(outcomes, o => o.Kind == OutcomeKind.Refused && o.Verdict == DeclarationVerdict.TermsViolation);
    }

    /// <summary>Each seed a declaration: who drives and rides, where, when, which class, or a resubmission or replay of an earlier one.</summary>
    private static List<SignedDeclaration> Plan(ProofWorld w, SyntheticCarpools.Person[] people, int[] seeds)
    {
        var list = new List<SignedDeclaration>(seeds.Length);
        var made = new List<(SignedDeclaration D, int Driver, int Passenger)>();
        foreach (var raw in seeds)
        {
            var s = (uint)raw;
            var kind = s % 8;
            if (kind == 0 && made.Count > 0)
            {
                list.Add(made[(int)(s / 8 % (uint)made.Count)].D); // resubmitted
                continue;
            }

            var driver = (int)(s / 8 % 4);
            var passenger = (int)(s / 32 % 4);
            var start = Start.AddMinutes(s / 128 % 150);
            var cls = (ProofClass)(1 + (s / 19_200 % 3));
            var op = (int)(s / 57_600 % 2);
            string? reuse = null;
            if (kind == 1 && made.LastOrDefault(m => m.D.Evidence.Pickups.Count > 0) is { D: { } earlier } m)
            {
                (driver, passenger, cls, reuse) = (m.Driver, m.Passenger, ProofClass.C, earlier.Evidence.Pickups[0].Challenge); // the same devices re-sign an old exchange
            }

            var d = w.Journey(people[driver], people[passenger], start, cls, op, reuseChallenge: reuse);
            made.Add((d, driver, passenger));
            list.Add(d);
        }

        return list;
    }

    private static (ProofPipeline, TransparencyLog) Twin(ProofWorld w)
    {
        var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = ProofWorld.Origin, Signer = w.Signer });
        return (new ProofPipeline(w.Keys, new GreatCircleRouteEstimator(), log, w.Platform, w.Time, options: new ProofPipelineOptions { IssueAttestations = false }), log);
    }

    private static bool Same(IReadOnlyList<DeclarationOutcome> a, IReadOnlyList<DeclarationOutcome> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Kind == p.Second.Kind && p.First.Class == p.Second.Class && p.First.Status == p.Second.Status
            && p.First.LeafIndex == p.Second.LeafIndex && p.First.Violations.SequenceEqual(p.Second.Violations));

    private static string? Status(ProofPipeline p, SignedDeclaration d) => p.Find(d.OperatorId, d.Journey.OperatorJourneyId)?.Status;
}

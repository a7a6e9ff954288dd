using FsCheck;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
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

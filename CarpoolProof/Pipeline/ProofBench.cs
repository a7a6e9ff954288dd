using System.Diagnostics;
using System.Security.Cryptography;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>Settings of <see cref="ProofBench"/>.</summary>
public sealed record ProofBenchOptions
{
    public int Declarations { get; init; } = 10_000;
    /// <summary>Shares of classes C, B, A among the generated declarations (normalized).</summary>
    public (double C, double B, double A) ClassMix { get; init; } = (0.4, 0.3, 0.3);
    /// <summary>Share of extra declarations that should be refused or flagged (duplicates, replays, fraud, terms, anomalies).</summary>
    public double IncidentRate { get; init; } = 0.01;
    public int BatchSize { get; init; } = 2048;
    public int Operators { get; init; } = 4;
    public int Parallelism { get; init; } = Environment.ProcessorCount;
    public bool IssueAttestations { get; init; } = true;
    /// <summary>
    /// 0: every declaration carries its own operator signature. N &gt; 0: each operator signs its declarations in
    /// batches of N (<see cref="DeclarationBatch"/>), one verification per batch; pipeline batches are these.
    /// </summary>
    public int OperatorBatch { get; init; }
    /// <summary>1: a pick-up and a drop-off statement per attesting device; 2: one statement per device (docs/proofs.md, "Evidence v2").</summary>
    public int EvidenceVersion { get; init; } = 1;
    public int Seed { get; init; } = 42;
}

/// <summary>What one benchmark run measured.</summary>
public sealed record ProofBenchReport(
    int Declarations,
    double Seconds,
    double[] BatchLatenciesMs,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> GeneratedClasses,
    PipelineTimings Timings,
    long LogSize,
    double GenerateSeconds,
    int Statements,
    double CpuSeconds,
    int OperatorSignatures)
{
    public double Throughput => Declarations / Seconds;

    public double Percentile(double p)
    {
        if (BatchLatenciesMs.Length == 0) return 0;
        var sorted = BatchLatenciesMs.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}

/// <summary>
/// Generates signed declarations (untimed), then pushes their JSON bodies through the whole pipeline in batches
/// (timed): parsing, signature verification, grading, rules, log append, store, attestations. People are reused
/// (about four journeys each, hours apart, across operators) so the per-identity rules work on real histories.
/// </summary>
public static class ProofBench
{
    public static ProofBenchReport Run(ProofDataDirectory dir, ProofBenchOptions o, TimeProvider time, Action<string>? progress = null)
    {
        var keys = new KeyDirectory();
        using var carpools = new SyntheticCarpools(keys, dir.RegistrySecret(), o.Operators);
        var rng = new Random(o.Seed);
        var run = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)); // journey ids unique across runs on one DIR
        var now = time.GetUtcNow();

        var genWatch = Stopwatch.StartNew();
        var n = o.Declarations;
        var peopleCount = Math.Max(4, n / 2 + n / 2 % 2);
        var people = new SyntheticCarpools.Person[peopleCount];
        Parallel.For(0, peopleCount, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism }, i => people[i] = carpools.NewPerson());
        var plan = new (ProofClass Cls, int Op, double Bearing, double Km, double Speed, double Jitter, double LatOff, double LonOff)[n];
        var total = o.ClassMix.C + o.ClassMix.B + o.ClassMix.A;
        for (var i = 0; i < n; i++)
        {
            var u = rng.NextDouble() * total;
            var cls = u < o.ClassMix.C ? ProofClass.C : u < o.ClassMix.C + o.ClassMix.B ? ProofClass.B : ProofClass.A;
            plan[i] = (cls, i % o.Operators, rng.NextDouble() * 360, 3 + rng.NextDouble() * 30, 25 + rng.NextDouble() * 40,
                rng.NextDouble() * 60, (rng.NextDouble() - 0.5) * 0.3, (rng.NextDouble() - 0.5) * 0.4);
        }
        var declarations = new SignedDeclaration[n];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism }, i =>
        {
            var p = plan[i];
            var round = 2L * i / peopleCount; // each person's k-th journey lies in slot k, 5 h apart
            var start = now.AddHours(-22 + 5 * round).AddMinutes(p.Jitter);
            declarations[i] = carpools.Declare(carpools.Operators[p.Op], people[(int)(2L * i % peopleCount)], people[(int)((2L * i + 1) % peopleCount)],
                $"r{run}j{i}", $"r{run}t{i}", start, SyntheticCarpools.CenterLat + p.LatOff, SyntheticCarpools.CenterLon + p.LonOff,
                p.Bearing, p.Km * 1000, p.Speed, p.Cls, evidenceVersion: o.EvidenceVersion);
        });
        var incidents = Incidents(carpools, declarations, people, (int)Math.Round(n * o.IncidentRate), run, now, rng, o.EvidenceVersion);
        var all = declarations.Concat(incidents).ToArray();
        var bodies = new ReadOnlyMemory<byte>[all.Length];
        Parallel.For(0, all.Length, i => bodies[i] = DeclarationJson.SerializeToUtf8(all[i]));
        // Operator-signed batches: each operator's declarations in input order, N to a batch, signed once.
        var operatorBatches = o.OperatorBatch <= 0 ? [] : all
            .Select((d, i) => (d, i)).GroupBy(x => x.d.OperatorId)
            .SelectMany(g => g.Chunk(o.OperatorBatch).Select(c => (First: c[0].i, Op: g.Key, Items: c.Select(x => x.d).ToArray())))
            .OrderBy(b => b.First)
            .Select(b => (ReadOnlyMemory<byte>)DeclarationJson.SerializeToUtf8(
                Signing.SignBatch(b.Op, b.Items, carpools.Operators.First(op => op.Id == b.Op).Key)))
            .ToArray();
        // Device signatures to verify: two per attesting device in v1, one in v2.
        var statements = all.Sum(d => d.Evidence.Pickups.Count + d.Evidence.Dropoffs.Count + (d.Evidence.Statements?.Count ?? 0));
        var generated = all.GroupBy(d => d.Evidence.Unfolded().Pickups.Count switch { 0 => "A", 1 => "B", _ => "C" })
            .ToDictionary(g => g.Key, g => g.Count());
        genWatch.Stop();
        progress?.Invoke($"generated {all.Length} declarations ({statements} device statements) in {genWatch.Elapsed.TotalSeconds:F1} s");

        using var log = dir.OpenLog();
        using var store = dir.OpenStore();
        var pipeline = new ProofPipeline(keys, new GreatCircleRouteEstimator(), log, dir.Platform, time, store,
            new ProofPipelineOptions { Parallelism = o.Parallelism, IssueAttestations = o.IssueAttestations });
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var latencies = new List<double>();
        var batches = new List<ArraySegment<ReadOnlyMemory<byte>>>();
        for (var start = 0; start < bodies.Length; start += o.BatchSize)
            batches.Add(new ArraySegment<ReadOnlyMemory<byte>>(bodies, start, Math.Min(o.BatchSize, bodies.Length - start)));
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var batchStarts = new Queue<long>();
        // A declaration's latency: from its batch entering verification to its batch's outcomes (attestations included).
        IEnumerable<IReadOnlyList<ReadOnlyMemory<byte>>> Feed()
        {
            foreach (var b in batches)
            {
                lock (batchStarts) batchStarts.Enqueue(Stopwatch.GetTimestamp());
                yield return b;
            }
        }
        void OnBatch(IReadOnlyList<DeclarationOutcome> results)
        {
            long t0;
            lock (batchStarts) t0 = batchStarts.Dequeue();
            latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            foreach (var r in results)
            {
                var key = r.Kind switch
                {
                    OutcomeKind.Accepted => $"accepted {r.Class} {r.Status}",
                    OutcomeKind.Conflict => "conflict 409",
                    _ => $"refused {r.Violations[0].Label}",
                };
                outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
            }
        }
        IEnumerable<ReadOnlyMemory<byte>> FeedSigned()
        {
            foreach (var b in operatorBatches)
            {
                lock (batchStarts) batchStarts.Enqueue(Stopwatch.GetTimestamp());
                yield return b;
            }
        }
        if (o.OperatorBatch > 0) pipeline.SubmitBatchesPipelined(FeedSigned(), OnBatch);
        else pipeline.SubmitPipelined(Feed(), OnBatch);
        watch.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        return new ProofBenchReport(all.Length, watch.Elapsed.TotalSeconds, [.. latencies], outcomes, generated, pipeline.Timings,
            log.Size, genWatch.Elapsed.TotalSeconds, statements, cpu, o.OperatorBatch > 0 ? operatorBatches.Length : all.Length);
    }

    /// <summary>Declarations that must not pass clean: one of each kind in turn.</summary>
    private static List<SignedDeclaration> Incidents(SyntheticCarpools carpools, SignedDeclaration[] clean, SyntheticCarpools.Person[] people,
        int count, string run, DateTimeOffset now, Random rng, int evidenceVersion)
    {
        var list = new List<SignedDeclaration>(count);
        var byIdentity = people.ToDictionary(p => p.Identity.Value, StringComparer.Ordinal);
        for (var k = 0; k < count; k++)
        {
            var victim = clean[rng.Next(clean.Length)];
            var j = victim.Journey;
            var op = carpools.Operators.First(o => o.Id == victim.OperatorId);
            var otherOp = carpools.Operators.First(o => o.Id != victim.OperatorId);
            var fresh1 = carpools.NewPerson();
            var fresh2 = carpools.NewPerson();
            var passenger = byIdentity[j.Passenger.Identity.IdentityKey];
            var id = $"r{run}x{k}";
            list.Add((k % 5) switch
            {
                0 => victim, // resubmitted: 409
                // Same passenger on another operator, overlapping: fraud, and the earlier journey is revoked.
                1 => carpools.Declare(otherOp, fresh1, passenger, id, id, j.Start.Datetime.AddMinutes(3), j.Start.Lat, j.Start.Lon, 90, 8_000, 40, ProofClass.A),
                // The same two devices re-sign their old exchange's challenge for a new journey: replay.
                2 when victim.Evidence.Unfolded().Pickups.Count > 0 => carpools.Declare(op, byIdentity[j.Driver.Identity.IdentityKey], passenger, id, id,
                    now.AddHours(-1), j.Start.Lat, j.Start.Lon, 0, 8_000, 40, ProofClass.C, reuseChallenge: victim.Evidence.Unfolded().Pickups[0].Challenge,
                    evidenceVersion: evidenceVersion),
                2 => victim,
                // 1.3 km declared: distance_too_short (registry terms, 422).
                3 => carpools.Declare(op, fresh1, fresh2, id, id, now.AddHours(-2), j.Start.Lat, j.Start.Lon, 0, 1_000, 30, ProofClass.B, evidenceVersion: evidenceVersion),
                // 10 km in 3 minutes: distance_duration_anomaly.
                _ => carpools.Declare(op, fresh1, fresh2, id, id, now.AddHours(-2), j.Start.Lat, j.Start.Lon, 0, 8_000, 200, ProofClass.B, evidenceVersion: evidenceVersion),
            });
        }
        return list;
    }
}

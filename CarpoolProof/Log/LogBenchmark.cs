using System.Buffers.Binary;
using System.Diagnostics;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Log;

/// <summary>Percentiles of a timed operation, in microseconds.</summary>
public sealed record LatencySummary(int Samples, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(double[] microseconds)
    {
        Array.Sort(microseconds);
        double At(double q) => microseconds[Math.Min(microseconds.Length - 1, (int)Math.Ceiling(q * microseconds.Length) - 1)];
        return new LatencySummary(microseconds.Length, At(0.50), At(0.95), At(0.99), microseconds[^1]);
    }
}

/// <summary>What <see cref="LogBenchmark.Run"/> measured.</summary>
public sealed record LogBenchmarkResult(
    long Leaves,
    double BuildSeconds,
    long CachedHashBytes,
    long ManagedBytes,
    long WorkingSetBytes,
    LatencySummary InclusionProve,
    LatencySummary InclusionVerify,
    LatencySummary ConsistencyProve,
    LatencySummary ConsistencyVerify,
    long DurableLeaves,
    int DurableThreads,
    double DurableLeavesPerSecond,
    long DurableBatches,
    long DurableFileBytes,
    double ReopenRootSeconds,
    double ReopenFullSeconds);

/// <summary>
/// The transparency-log benchmark: proof timings on an in-memory log of N leaves (the same node cache the durable
/// log serves proofs from, with a store that keeps nothing), then append throughput through the batching sequencer
/// into a SQLite file (WAL, synchronous=FULL) from several threads.
/// </summary>
public static class LogBenchmark
{
    public const int LeafBytes = 128;

    public static LogBenchmarkResult Run(long leaves, int samples, long durableLeaves, int durableThreads, string workDirectory, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(leaves, 2);
        progress ??= _ => { };
        var options = new TransparencyLogOptions { Origin = "bench.mobility.local/log", OpenCheck = LogOpenCheck.Root };

        // 1. Build the in-memory log.
        var build = Stopwatch.StartNew();
        using var log = TransparencyLog.CreateInMemory(options, keepLeaves: false);
        const int Batch = 65_536;
        var batch = new ReadOnlyMemory<byte>[Batch];
        for (long start = 0; start < leaves; start += Batch)
        {
            var n = (int)Math.Min(Batch, leaves - start);
            for (var i = 0; i < n; i++)
            {
                batch[i] = MakeLeaf(start + i);
            }

            log.AppendBatch(n == Batch ? batch : batch[..n]);
            if ((start / Batch) % 16 == 0)
            {
                progress($"built {start + n:N0} leaves");
            }
        }

        build.Stop();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = Environment.WorkingSet;

        // 2. Proofs at random leaves of the full tree, and consistency from random older sizes.
        var random = new Random(42);
        var root = log.RootHash();
        var prove = new double[samples];
        var verify = new double[samples];
        var cprove = new double[samples];
        var cverify = new double[samples];
        var ok = true;
        for (var s = 0; s < samples; s++)
        {
            var index = random.NextInt64(leaves);
            var leafHash = TreeHasher.HashLeaf(MakeLeaf(index));
            var t0 = Stopwatch.GetTimestamp();
            var proof = log.ProveInclusion(index, leaves);
            var t1 = Stopwatch.GetTimestamp();
            ok &= ProofVerifier.VerifyInclusion(leafHash, index, leaves, proof.Path, root);
            var t2 = Stopwatch.GetTimestamp();
            prove[s] = Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds;
            verify[s] = Stopwatch.GetElapsedTime(t1, t2).TotalMicroseconds;

            var first = 1 + random.NextInt64(leaves - 1);
            var firstRoot = log.RootHash(first);
            var t3 = Stopwatch.GetTimestamp();
            var consistency = log.ProveConsistency(first, leaves);
            var t4 = Stopwatch.GetTimestamp();
            ok &= ProofVerifier.VerifyConsistency(first, leaves, firstRoot, root, consistency.Path);
            var t5 = Stopwatch.GetTimestamp();
            cprove[s] = Stopwatch.GetElapsedTime(t3, t4).TotalMicroseconds;
            cverify[s] = Stopwatch.GetElapsedTime(t4, t5).TotalMicroseconds;
        }

        if (!ok)
        {
            throw new InvalidOperationException("A benchmark proof did not verify.");
        }

        var (rate, batches, fileBytes, reopenRoot, reopenFull) = DurableAppends(durableLeaves, durableThreads, workDirectory, progress);
        return new LogBenchmarkResult(leaves, build.Elapsed.TotalSeconds, log.CachedHashBytes, managed, workingSet,
            LatencySummary.Of(prove), LatencySummary.Of(verify), LatencySummary.Of(cprove), LatencySummary.Of(cverify),
            durableLeaves, durableThreads, rate, batches, fileBytes, reopenRoot, reopenFull);
    }

    private static (double LeavesPerSecond, long Batches, long FileBytes, double ReopenRoot, double ReopenFull) DurableAppends(
        long count, int threads, string workDirectory, Action<string> progress)
    {
        if (count <= 0)
        {
            return (0, 0, 0, 0, 0);
        }

        Directory.CreateDirectory(workDirectory);
        var path = Path.Combine(workDirectory, $"bench-log-{Guid.NewGuid():N}.db");
        try
        {
            var options = new TransparencyLogOptions { Origin = "bench.mobility.local/log" };
            double leavesPerSecond;
            long batches;
            byte[] root;
            using (var log = TransparencyLog.OpenSqlite(path, options))
            {
                (leavesPerSecond, batches) = Produce(log, count, threads, progress);
                root = log.RootHash();
            }

            var fileBytes = new FileInfo(path).Length + (File.Exists(path + "-wal") ? new FileInfo(path + "-wal").Length : 0);

            // Restart: reopen the file with each check; the root must come back identical.
            var reopen = new double[2];
            foreach (var check in new[] { LogOpenCheck.Root, LogOpenCheck.Full })
            {
                var clock = Stopwatch.StartNew();
                using var reopened = TransparencyLog.OpenSqlite(path, options with { OpenCheck = check });
                reopen[(int)check] = clock.Elapsed.TotalSeconds;
                if (!reopened.RootHash().AsSpan().SequenceEqual(root))
                {
                    throw new InvalidOperationException("The reopened log has another root.");
                }
            }

            return (leavesPerSecond, batches, fileBytes, reopen[(int)LogOpenCheck.Root], reopen[(int)LogOpenCheck.Full]);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static (double LeavesPerSecond, long Batches) Produce(TransparencyLog log, long count, int threads, Action<string> progress)
    {
        using var sequencer = new LogSequencer(log, maxBatch: 4096);
        var perThread = count / threads;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            // Each producer keeps a window of appends in flight, as many request handlers would.
            var inFlight = new Queue<Task<long>>();
            for (long i = 0; i < perThread; i++)
            {
                inFlight.Enqueue(sequencer.AppendAsync(MakeLeaf((t * perThread) + i)));
                if (inFlight.Count >= 512)
                {
                    await inFlight.Dequeue().ConfigureAwait(false);
                }
            }

            while (inFlight.Count > 0)
            {
                await inFlight.Dequeue().ConfigureAwait(false);
            }
        })).ToArray();
        Task.WaitAll(workers);
        clock.Stop();
        progress($"durable: {log.Size:N0} leaves in {sequencer.Batches:N0} transactions");
        return (log.Size / clock.Elapsed.TotalSeconds, sequencer.Batches);
    }

    /// <summary>A deterministic 128-byte leaf for index <paramref name="index"/> (its index, then filler).</summary>
    public static byte[] MakeLeaf(long index)
    {
        var leaf = new byte[LeafBytes];
        BinaryPrimitives.WriteInt64BigEndian(leaf, index);
        for (var i = 8; i < leaf.Length; i++)
        {
            leaf[i] = (byte)(index * 31 + i);
        }

        return leaf;
    }
}

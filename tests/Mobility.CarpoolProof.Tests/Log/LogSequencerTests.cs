using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Tests.Log;

public sealed class LogSequencerTests
{
    [Fact]
    public async Task Appends_from_many_threads_are_batched_and_each_gets_the_index_of_its_leaf()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tlog-seq-").FullName, "log.db");
        using var log = TransparencyLog.Open(SqliteLogStore.Open(path), new TransparencyLogOptions { Origin = "test" });
        const int Threads = 8, PerThread = 250;
        var results = new (long Index, byte[] Leaf)[Threads * PerThread];
        await using (var sequencer = new LogSequencer(log, maxBatch: 128))
        {
            var tasks = Enumerable.Range(0, Threads).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < PerThread; i++)
                {
                    var leaf = LogFixture.Leaf((t * PerThread) + i);
                    results[(t * PerThread) + i] = (await sequencer.AppendAsync(leaf), leaf);
                }
            })).ToArray();
            await Task.WhenAll(tasks);
            Assert.Equal(Threads * PerThread, sequencer.Leaves);
            Assert.True(sequencer.Batches < sequencer.Leaves, $"{sequencer.Batches} batches for {sequencer.Leaves} leaves");
        }

        Assert.Equal(Threads * PerThread, log.Size);
        Assert.Equal(Enumerable.Range(0, Threads * PerThread).Select(i => (long)i), results.Select(r => r.Index).Order());
        var root = log.RootHash();
        foreach (var (index, leaf) in results)
        {
            Assert.Equal(leaf, log.ReadLeaf(index));
            Assert.True(ProofVerifier.VerifyInclusion(TreeHasher.HashLeaf(leaf), index, log.Size, log.ProveInclusion(index).Path, root));
        }
    }

    [Fact]
    public async Task An_oversized_leaf_is_refused_at_once_and_does_not_fail_others()
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test", MaxLeafBytes = 8 });
        await using var sequencer = new LogSequencer(log);
        await Assert.ThrowsAsync<ArgumentException>(() => sequencer.AppendAsync(new byte[9]));
        Assert.Equal(0, await sequencer.AppendAsync(new byte[8]));
    }

    [Fact]
    public async Task Proofs_read_concurrently_with_appends_always_verify()
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test" });
        log.Append(LogFixture.Leaf(0));
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var checks = 0;
            while (!stop.IsCancellationRequested || checks == 0)
            {
                var size = log.Size;
                var index = size / 2;
                var proof = log.ProveInclusion(index, size);
                Assert.True(ProofVerifier.VerifyInclusion(TreeHasher.HashLeaf(LogFixture.Leaf((int)index)), index, size, proof.Path, log.RootHash(size)));
                checks++;
            }

            return checks;
        });
        for (var i = 1; i < 5000; i += 10)
        {
            log.AppendBatch(Enumerable.Range(i, 10).Select(LogFixture.Leaf).ToArray());
        }

        await stop.CancelAsync();
        Assert.True(await reader > 0);
    }
}

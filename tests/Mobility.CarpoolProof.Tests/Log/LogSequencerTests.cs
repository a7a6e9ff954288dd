using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
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
    public async Task With_a_checkpoint_each_batch_the_checkpoint_is_stored_with_the_batch_and_covers_it()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("tlog-seqcp-").FullName, "log.db");
        using var signer = NoteSigner.Generate("test.example/log");
        var options = new TransparencyLogOptions { Origin = "test.example/log", Signer = signer };
        string stored;
        using (var log = TransparencyLog.Open(SqliteLogStore.Open(path), options))
        {
            await using (var sequencer = new LogSequencer(log, checkpointEachBatch: true))
            {
                var indices = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => sequencer.AppendAsync(LogFixture.Leaf(i)))));
                Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), indices.Order());
            }

            // The latest checkpoint is the last batch's, already stored: CheckpointCovering signs nothing new.
            stored = log.Store.LatestCheckpoint()!;
            var covering = log.CheckpointCovering(log.Size);
            Assert.Equal(stored, covering.Note);
            var opened = Checkpoint.Open(stored, signer.Verifier, "test.example/log");
            Assert.Equal(50, opened.Size);
            Assert.Equal(log.RootHash(), opened.RootHash);
        }

        using var reopened = TransparencyLog.Open(SqliteLogStore.Open(path), options);
        Assert.Equal(stored, reopened.Store.LatestCheckpoint());
    }

    [Fact]
    public void Without_a_signer_a_checkpointed_batch_stores_no_checkpoint()
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test" });
        log.AppendBatch([LogFixture.Leaf(0)], checkpoint: true);
        Assert.Null(log.Store.LatestCheckpoint());
        Assert.Equal(1, log.Size);
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

using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Actors.Tests.Carpool;

/// <summary>The log singleton's guard: one commitment leaf per journey, one revocation leaf per journey leaf.</summary>
public sealed class LogAppendGuardTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("mobility-guard-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static byte[] Commitment(string journeyId, string declarationHash, DateTimeOffset acceptedAt) =>
        new JourneyCommitment("op-a", journeyId, declarationHash, "C", "ok", [], At.AddHours(-2), acceptedAt).LeafBytes();

    private static byte[] Revocation(byte[] journeyLeaf, DateTimeOffset at) =>
        new StatusChange("op-a", "x", StatusChange.LeafHash(journeyLeaf), StatusChange.Revoked, "canceled", at).LeafBytes();

    /// <summary>Opens the log in the folder's SQLite file and rebuilds the index from its leaves, as the singleton's PreStart does.</summary>
    private (TransparencyLog Log, LogSequencer Sequencer, LogAppendGuard Guard) Open()
    {
        var log = TransparencyLog.OpenSqlite(Path.Combine(_folder, "log.db"), new TransparencyLogOptions { Origin = "test.local/log" });
        var index = new JourneyIndex();
        long i = 0;
        foreach (var leaf in log.Store.ReadLeaves(0, log.Size))
        {
            index.Add(i++, leaf);
        }

        var sequencer = new LogSequencer(log);
        return (log, sequencer, new LogAppendGuard(sequencer, index));
    }

    [Fact]
    public async Task Appends_in_flight_together_store_one_leaf_per_journey_and_all_get_its_index()
    {
        var (log, sequencer, guard) = Open();
        using (log)
        using (sequencer)
        {
            // Ten attempts at journey j1 (differing only in their acceptance time, as retries do) and one at j2, all in flight at once.
            var attempts = Enumerable.Range(0, 10).Select(k => guard.Append(Commitment("j1", "hash-1", At.AddSeconds(k)))).ToList();
            var other = guard.Append(Commitment("j2", "hash-2", At));
            var indices = await Task.WhenAll(attempts.Select(a => a.Index));

            Assert.Single(indices.Distinct());
            Assert.False(attempts[0].Existing);
            Assert.All(attempts.Skip(1), a => Assert.True(a.Existing));
            Assert.NotEqual(indices[0], await other.Index);
            Assert.Equal(2, log.Size);
            Assert.Equal(Commitment("j1", "hash-1", At), log.ReadLeaf(indices[0]));
        }
    }

    [Fact]
    public async Task After_a_restart_the_stored_leaves_still_decide_and_other_leaves_are_appended_as_they_come()
    {
        byte[] j1 = Commitment("j1", "hash-1", At);
        long first;
        var (log, sequencer, guard) = Open();
        using (log)
        using (sequencer)
        {
            first = await guard.Append(j1).Index;
            await guard.Append(Revocation(j1, At)).Index;
        }

        (log, sequencer, guard) = Open();
        using (log)
        using (sequencer)
        {
            var again = guard.Append(Commitment("j1", "another-hash", At.AddMinutes(5)));
            Assert.True(again.Existing);
            Assert.Equal(first, await again.Index);

            var revokedAgain = guard.Append(Revocation(j1, At.AddMinutes(1)));
            Assert.True(revokedAgain.Existing);
            Assert.Equal(first + 1, await revokedAgain.Index);

            // Leaves that name no journey are never deduplicated: the log may carry other kinds, twice if asked.
            var a = guard.Append("{\"type\":\"other\"}"u8.ToArray());
            var b = guard.Append("{\"type\":\"other\"}"u8.ToArray());
            Assert.False(a.Existing || b.Existing);
            Assert.NotEqual(await a.Index, await b.Index);
            Assert.Equal(4, log.Size);
        }
    }
}

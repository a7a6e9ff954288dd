using Microsoft.Data.Sqlite;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Tests.Log.Storage;

public sealed class SqliteLogStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tlog-sqlite-").FullName;

    private string DbPath => Path.Combine(_dir, "log.db");

    private static TransparencyLogOptions Options(NoteSigner? signer = null) => new() { Origin = "test.example/log", Signer = signer };

    [Fact]
    public void Reopening_the_file_gives_the_same_size_root_proofs_and_checkpoint()
    {
        using var signer = NoteSigner.Generate("test.example/log");
        byte[] root;
        string checkpoint;
        IReadOnlyList<byte[]> proof;
        using (var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options(signer)))
        {
            for (var i = 0; i < 1000; i += 37)
            {
                log.AppendBatch(Enumerable.Range(i, 37).Select(LogFixture.Leaf).ToArray());
            }

            log.Append(LogFixture.Leaf(-1));
            root = log.RootHash();
            checkpoint = log.Checkpoint().Note;
            proof = log.ProveInclusion(123).Path;
        }

        foreach (var check in new[] { LogOpenCheck.Full, LogOpenCheck.Root })
        {
            using var reopened = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options(signer) with { OpenCheck = check });
            Assert.Equal(1037, reopened.Size);
            Assert.Equal(root, reopened.RootHash());
            Assert.Equal(proof, reopened.ProveInclusion(123).Path);
            Assert.Equal(checkpoint, reopened.Store.LatestCheckpoint());
            Assert.Equal(LogFixture.Leaf(123), reopened.ReadLeaf(123));
            var all = LogFixture.Build(1037).Log;
            Assert.Equal(all.RootHash(500), reopened.RootHash(500)); // a log with the same leaves has the same history
        }

        using (var again = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options()))
        {
            again.Append(LogFixture.Leaf(2000));
            Assert.True(ProofVerifier.VerifyConsistency(1037, 1038, root, again.RootHash(), again.ProveConsistency(1037, 1038).Path));
        }
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_reported_as_corrupt()
    {
        File.WriteAllBytes(DbPath, [.. Enumerable.Repeat((byte)0x42, 8192)]);
        var error = Assert.Throws<LogStoreCorruptException>(() => SqliteLogStore.Open(DbPath));
        Assert.Contains(DbPath, error.Message, StringComparison.Ordinal);
        Assert.All(File.ReadAllBytes(DbPath), b => Assert.Equal(0x42, b)); // not rewritten
    }

    [Fact]
    public void A_torn_file_is_reported_and_left_as_it_is()
    {
        using (var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options()))
        {
            log.AppendBatch(Enumerable.Range(0, 3000).Select(LogFixture.Leaf).ToArray());
        }

        SqliteConnection.ClearAllPools();
        var bytes = File.ReadAllBytes(DbPath);
        // Keep the header page, overwrite the rest of the first half: the page tree is torn.
        Array.Fill(bytes, (byte)0xA5, 4096, (bytes.Length / 2) - 4096);
        File.WriteAllBytes(DbPath, bytes);
        Assert.ThrowsAny<LogStoreCorruptException>(() =>
        {
            using var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options());
        });
        Assert.Equal(bytes, File.ReadAllBytes(DbPath));
    }

    [Theory]
    [InlineData("UPDATE tlog_leaf SET data = x'00' WHERE idx = 10", LogOpenCheck.Full)]
    [InlineData("UPDATE tlog_leaf SET hash = zeroblob(32) WHERE idx = 10", LogOpenCheck.Full)]
    [InlineData("UPDATE tlog_node SET hash = zeroblob(32) WHERE level = 2 AND idx = 1", LogOpenCheck.Full)]
    [InlineData("UPDATE tlog_node SET hash = zeroblob(32) WHERE level = 5 AND idx = 2", LogOpenCheck.Root)]
    [InlineData("DELETE FROM tlog_node WHERE level = 3 AND idx = 0", LogOpenCheck.Root)]
    [InlineData("DELETE FROM tlog_leaf WHERE idx = 99", LogOpenCheck.Root)]
    [InlineData("UPDATE tlog_head SET size = 99", LogOpenCheck.Root)]
    [InlineData("UPDATE tlog_head SET root = zeroblob(32)", LogOpenCheck.Root)]
    [InlineData("DELETE FROM tlog_head", LogOpenCheck.Root)]
    public void An_inconsistent_store_is_reported_and_not_rewritten(string tamper, LogOpenCheck check)
    {
        using (var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options()))
        {
            log.AppendBatch(Enumerable.Range(0, 100).Select(LogFixture.Leaf).ToArray());
        }

        Execute(tamper);
        var before = Dump();
        Assert.Throws<LogStoreCorruptException>(() =>
        {
            using var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options() with { OpenCheck = check });
        });
        Assert.Equal(before, Dump());
    }

    [Fact]
    public void A_failed_batch_stores_nothing()
    {
        using var log = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options() with { MaxLeafBytes = 10 });
        log.Append("ok"u8);
        var root = log.RootHash();
        Assert.Throws<ArgumentException>(() => log.AppendBatch([LogFixture.Leaf(1), new byte[11]]));
        Assert.Equal(1, log.Size);
        Assert.Equal(1, log.Store.Size);
        Assert.Equal(root, log.Store.RootHash);
    }

    [Fact]
    public void A_second_writer_on_the_same_file_is_refused_instead_of_forking_the_log()
    {
        using var first = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options());
        using var second = TransparencyLog.Open(SqliteLogStore.Open(DbPath), Options());
        first.Append("a"u8);
        Assert.Throws<LogStoreConflictException>(() => second.Append("b"u8));
        Assert.Equal(0, second.Size);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private string Dump()
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT (SELECT COUNT(*) FROM tlog_leaf) || ':' || (SELECT COUNT(*) FROM tlog_node) || ':' || (SELECT COUNT(*) FROM tlog_head) || ':' || COALESCE((SELECT hex(root) FROM tlog_head), '')";
        return (string)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

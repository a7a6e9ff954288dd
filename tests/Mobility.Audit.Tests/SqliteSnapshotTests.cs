using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Mobility.Audit.Export;

namespace Mobility.Audit.Tests;

/// <summary>
/// A private copy of a live SQLite database: consistent (every copy holds whole transactions, in order) while a writer
/// commits and checkpoints, and the folder it was read from unchanged byte for byte, which a read-only SQLite
/// connection does not guarantee (it writes the shared-memory index, or creates the WAL and index files).
/// </summary>
public sealed class SqliteSnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("snapshot-").FullName;

    [Fact]
    public async Task Copies_taken_while_a_writer_commits_and_checkpoints_hold_whole_transactions()
    {
        var db = Path.Combine(_dir, "live.db");
        using var writer = Open(db);
        Execute(writer, "PRAGMA journal_mode=WAL; CREATE TABLE t(batch INTEGER, n INTEGER);");
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(() =>
        {
            // Each transaction inserts ten rows of one batch; every 25 batches a checkpoint restarts the WAL.
            for (var batch = 0; !stop.IsCancellationRequested; batch++)
            {
                using var tx = writer.BeginTransaction();
                for (var n = 0; n < 10; n++)
                {
                    Execute(writer, $"INSERT INTO t VALUES ({batch}, {n})", tx);
                }

                tx.Commit();
                if (batch % 25 == 24)
                {
                    Execute(writer, "PRAGMA wal_checkpoint(RESTART)");
                }
            }
        }, TestContext.Current.CancellationToken);

        var seen = 0L;
        for (var i = 0; i < 40; i++)
        {
            using var snapshot = new SqliteSnapshot();
            using var copy = SqliteSnapshot.OpenCopy(snapshot.CopyDatabase(db));
            using var count = copy.CreateCommand();
            count.CommandText = "SELECT COUNT(*), COUNT(DISTINCT batch), COALESCE(MAX(batch), -1) FROM t";
            using var r = count.ExecuteReader();
            Assert.True(r.Read());
            var (rows, batches, max) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
            Assert.Equal(batches * 10, rows);      // whole transactions only
            Assert.Equal(max + 1, batches);        // and all of them, in order, up to the last copied
            Assert.True(rows >= seen);             // never older than an earlier copy
            seen = rows;
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await stop.CancelAsync();
        await writes;
        Assert.True(seen > 0);
    }

    [Fact]
    public void The_folder_read_is_byte_identical_with_a_writer_open_and_without_one()
    {
        var db = Path.Combine(_dir, "node.db");
        using (var writer = Open(db))
        {
            Execute(writer, "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);");
            var before = Folder();
            Read(db);
            Assert.Equal(before, Folder());
        }

        SqliteConnection.ClearAllPools(); // the writer's close removes its WAL and index
        var closed = Folder();
        Assert.DoesNotContain("-wal", closed, StringComparison.Ordinal);
        Read(db);
        Assert.Equal(closed, Folder());
    }

    private static void Read(string db)
    {
        using var snapshot = new SqliteSnapshot();
        using var copy = SqliteSnapshot.OpenCopy(snapshot.CopyDatabase(db));
        using var select = copy.CreateCommand();
        select.CommandText = "SELECT COUNT(*) FROM t";
        Assert.Equal(2L, select.ExecuteScalar());
    }

    private string Folder() => string.Join("\n", Directory.GetFiles(_dir).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}"));

    private static SqliteConnection Open(string db)
    {
        var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ConnectionString);
        c.Open();
        return c;
    }

    private static void Execute(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

using System.Data;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Mobility.Node.Configuration;
using Mobility.Node.Hosting;

namespace Mobility.Node.Tests.Hosting;

/// <summary>
/// The SQLite journal tuning rests on how Microsoft.Data.Sqlite opens transactions: these tests pin that behaviour,
/// so that a driver change which would bring back reads taking the write lock fails here, not in production.
/// </summary>
public sealed class JournalTuningTests
{
    [Fact]
    public void Sqlite_gets_deferred_reads_and_one_writer_and_postgres_keeps_the_defaults()
    {
        var sqlite = ConfigurationFactory.ParseString(JournalTuning.For(StorageProvider.Sqlite));
        Assert.Equal(1, sqlite.GetInt("akka.persistence.journal.sql.parallelism"));
        Assert.Equal("read-uncommitted", sqlite.GetString("akka.persistence.journal.sql.read-isolation-level"));
        Assert.Equal("read-uncommitted", sqlite.GetString("akka.persistence.snapshot-store.sql.read-isolation-level"));
        Assert.Equal("read-uncommitted", sqlite.GetString("akka.persistence.query.journal.sql.read-isolation-level"));
        Assert.Equal("", JournalTuning.For(StorageProvider.Postgres));
    }

    [Fact]
    public void A_shared_cache_in_the_connection_string_becomes_private()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MOBILITY:STORAGE:CONNECTIONSTRING"] = "Data Source=events.db;Cache=Shared",
            ["MOBILITY:DATAFOLDER"] = "/tmp/mobility-cache",
        }).Build();
        var storage = NodeSettingsReader.Read(config).Storage;
        Assert.Equal(SqliteCacheMode.Private, new SqliteConnectionStringBuilder(storage.ConnectionString).Cache);
    }

    [Fact]
    public void A_read_uncommitted_transaction_reads_while_another_connection_holds_the_write_lock()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("journal-tuning-").FullName, "j.db");
        var connection = new SqliteConnectionStringBuilder { DataSource = file, Cache = SqliteCacheMode.Private, Pooling = false, DefaultTimeout = 1 }.ConnectionString;
        using var writer = new SqliteConnection(connection);
        writer.Open();
        Execute(writer, null, "PRAGMA journal_mode=WAL; CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);");
        using var held = writer.BeginTransaction(deferred: false); // BEGIN IMMEDIATE: the write lock, as a journal batch holds it.
        Execute(writer, held, "INSERT INTO t VALUES (2)");

        using var reader = new SqliteConnection(connection);
        reader.Open();
        using (var read = reader.BeginTransaction(IsolationLevel.ReadUncommitted))
        {
            // Deferred, and in a private cache still committed-only: the uncommitted row 2 is not seen.
            Assert.Equal(1L, Scalar(reader, read, "SELECT count(*) FROM t"));
        }

        // What the plugin's default ("unspecified") did: BEGIN IMMEDIATE, which waits for the lock (here until the timeout).
        var e = Assert.Throws<SqliteException>(() => reader.BeginTransaction(IsolationLevel.Unspecified));
        Assert.Equal(5, e.SqliteErrorCode); // SQLITE_BUSY
    }

    private static void Execute(SqliteConnection c, SqliteTransaction? tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var command = c.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

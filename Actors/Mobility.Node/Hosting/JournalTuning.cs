using Mobility.Node.Configuration;

namespace Mobility.Node.Hosting;

/// <summary>
/// Akka.Persistence.Sql journal settings per store: how reads open their transactions and how many write batches
/// run at once. Measurements: docs/benchmarks.md, "Declarations over HTTP: what bounded them, and the fix".
/// </summary>
public static class JournalTuning
{
    /// <summary>
    /// SQLite, two changes, both measured (a profile of the node showed most of its threads' time in
    /// <c>Thread.Sleep</c> under <c>BeginTransaction</c>: Microsoft.Data.Sqlite retries a busy database after sleeping):
    /// <list type="bullet">
    /// <item>Reads (an entity's recovery: latest snapshot, highest sequence number, replay) run with
    /// <c>read-uncommitted</c>. The plugin's default (unspecified) becomes Serializable in Microsoft.Data.Sqlite, whose
    /// transaction then starts with <c>BEGIN IMMEDIATE</c>: every read took the database's one write lock, and
    /// queued behind the journal's writes and other reads. With <c>read-uncommitted</c> the driver starts a deferred
    /// transaction; SQLite honours READ UNCOMMITTED only between connections sharing a cache, which ours never do
    /// (the settings reader forces a private cache), so a read still sees exactly the committed data as of its start
    /// (WAL snapshot), as before.</item>
    /// <item>One journal writer (<c>parallelism = 1</c>) instead of 3: SQLite has one writer per file, so concurrent
    /// batches only waited on one another. The journal already gathers the writes of every entity that arrive
    /// while a batch is in flight into the next transaction (one commit, one fsync, up to batch-size events).</item>
    /// </list>
    /// Durability is unchanged: writes still commit in their own transaction (BEGIN IMMEDIATE) with the file's
    /// synchronous=FULL in WAL mode before any persist callback runs.
    /// PostgreSQL runs concurrent transactions (each with its own WAL flush, grouped by the server): defaults stay.
    /// </summary>
    public static string For(StorageProvider provider) => provider switch
    {
        StorageProvider.Sqlite => """
                                  akka.persistence.journal.sql.parallelism = 1
                                  akka.persistence.journal.sql.read-isolation-level = read-uncommitted
                                  akka.persistence.snapshot-store.sql.read-isolation-level = read-uncommitted
                                  akka.persistence.query.journal.sql.read-isolation-level = read-uncommitted
                                  """,
        _ => "",
    };
}

using Microsoft.Data.Sqlite;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>A journey the platform recorded (what restarts reload into the duplicate, replay and identity checks).</summary>
public sealed record JourneyRecord(
    string JourneyKey,
    string OperatorId,
    string OperatorJourneyId,
    string OperatorTripId,
    string Driver,
    string Passenger,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Status,
    string ProofClass,
    long LeafIndex,
    string LeafHash);

/// <summary>
/// The pipeline's own durable state beside the log, one SQLite file (WAL, synchronous=FULL): recorded journeys,
/// used challenges and nonces, issued attestations, status changes. One transaction per batch.
/// </summary>
public sealed class ProofStore : IDisposable
{
    public const string FileName = "proofs.db";
    private readonly SqliteConnection _db;
    private readonly Lock _gate = new();

    private ProofStore(SqliteConnection db) => _db = db;

    /// <param name="readOnly">Open an existing store for reading only (an audit export): nothing created or changed.</param>
    public static ProofStore Open(string path, bool readOnly = false)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ConnectionString;
        var db = new SqliteConnection(cs);
        db.Open();
        if (readOnly)
        {
            return new ProofStore(db);
        }

        Execute(db, """
            PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
            CREATE TABLE IF NOT EXISTS journey (journey_key TEXT PRIMARY KEY, operator_id TEXT NOT NULL, operator_journey_id TEXT NOT NULL,
              operator_trip_id TEXT NOT NULL, driver TEXT NOT NULL, passenger TEXT NOT NULL, start_unix INTEGER NOT NULL, end_unix INTEGER NOT NULL,
              status TEXT NOT NULL, class TEXT NOT NULL, leaf_index INTEGER NOT NULL, leaf_hash TEXT NOT NULL, initial_status TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS journey_leaf ON journey (leaf_index);
            CREATE TABLE IF NOT EXISTS used_value (value TEXT PRIMARY KEY, kind TEXT NOT NULL, journey_key TEXT NOT NULL) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS attestation (leaf_index INTEGER PRIMARY KEY, journey_key TEXT NOT NULL, json TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS status_change (leaf_index INTEGER PRIMARY KEY, journey_key TEXT NOT NULL, status TEXT NOT NULL, reason TEXT NOT NULL);
            """);
        return new ProofStore(db);
    }

    /// <summary>Everything one batch changed, saved atomically.</summary>
    public sealed record BatchWrite(
        IReadOnlyList<JourneyRecord> Journeys,
        IReadOnlyList<(string Value, string Kind, string JourneyKey)> UsedValues,
        IReadOnlyList<(long LeafIndex, string JourneyKey, string Status, string Reason)> StatusChanges);

    public void Save(BatchWrite batch)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            // The journey's initial_status (13th column) is its status at acceptance.
            using (var journeys = new SqliteBulkInsert(_db, "journey", 13, rowsPerStatement: 32))
            {
                journeys.Insert(batch.Journeys.Count, (k, row) =>
                {
                    var r = batch.Journeys[k];
                    row.Set(1, r.JourneyKey); row.Set(2, r.OperatorId); row.Set(3, r.OperatorJourneyId); row.Set(4, r.OperatorTripId);
                    row.Set(5, r.Driver); row.Set(6, r.Passenger); row.Set(7, r.Start.ToUnixTimeSeconds()); row.Set(8, r.End.ToUnixTimeSeconds());
                    row.Set(9, r.Status); row.Set(10, r.ProofClass); row.Set(11, r.LeafIndex); row.Set(12, r.LeafHash); row.Set(13, r.Status);
                });
            }
            // A value is bound to the identities of the journeys that used it (IdentityState): two people may use one
            // value (it earns them nothing, docs/proofs.md "Replays"); the store keeps its first journey.
            using (var used = new SqliteBulkInsert(_db, "used_value", 3, verb: "INSERT OR IGNORE"))
            {
                used.Insert(batch.UsedValues.Count, (k, row) =>
                {
                    var u = batch.UsedValues[k];
                    row.Set(1, u.Value); row.Set(2, u.Kind); row.Set(3, u.JourneyKey);
                });
            }
            using (var cmd = _db.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO status_change VALUES ($i,$k,$s,$r); UPDATE journey SET status = $s WHERE journey_key = $k";
                var i = cmd.Parameters.Add("$i", SqliteType.Integer);
                var k = cmd.Parameters.Add("$k", SqliteType.Text);
                var s = cmd.Parameters.Add("$s", SqliteType.Text);
                var r = cmd.Parameters.Add("$r", SqliteType.Text);
                foreach (var c in batch.StatusChanges)
                {
                    i.Value = c.LeafIndex; k.Value = c.JourneyKey; s.Value = c.Status; r.Value = c.Reason;
                    cmd.ExecuteNonQuery();
                }
            }
            tx.Commit();
        }
    }

    /// <summary>
    /// Forgets everything at or beyond log size <paramref name="logSize"/>: rows are written before the log append
    /// (an intent), so after a crash between the two the log, the source of truth, decides. Journey statuses changed
    /// by a forgotten status change go back to the last remaining one, or to the status they were accepted with.
    /// </summary>
    public void TruncateFrom(long logSize)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using var cmd = _db.CreateCommand();
            cmd.Transaction = tx;
            cmd.Parameters.AddWithValue("$s", logSize);
            cmd.CommandText = """
                DELETE FROM used_value WHERE journey_key IN (SELECT journey_key FROM journey WHERE leaf_index >= $s);
                DELETE FROM attestation WHERE leaf_index >= $s;
                DELETE FROM status_change WHERE leaf_index >= $s;
                DELETE FROM journey WHERE leaf_index >= $s;
                DELETE FROM used_value WHERE journey_key NOT IN (SELECT journey_key FROM journey);
                UPDATE journey SET status = COALESCE(
                    (SELECT c.status FROM status_change c WHERE c.journey_key = journey.journey_key ORDER BY c.leaf_index DESC LIMIT 1),
                    initial_status);
                """;
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public void SaveAttestations(IReadOnlyList<(long LeafIndex, string JourneyKey, string Json)> attestations)
    {
        lock (_gate)
        {
            using var tx = _db.BeginTransaction();
            using (var insert = new SqliteBulkInsert(_db, "attestation", 3, rowsPerStatement: 16, verb: "INSERT OR REPLACE"))
            {
                insert.Insert(attestations.Count, (k, row) =>
                {
                    var a = attestations[k];
                    row.Set(1, a.LeafIndex); row.Set(2, a.JourneyKey); row.Set(3, a.Json);
                });
            }
            tx.Commit();
        }
    }

    public IEnumerable<JourneyRecord> Journeys()
    {
        lock (_gate)
        {
            return Query("SELECT * FROM journey ORDER BY leaf_index", r =>
                new JourneyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                    DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(6)), DateTimeOffset.FromUnixTimeSeconds(r.GetInt64(7)),
                    r.GetString(8), r.GetString(9), r.GetInt64(10), r.GetString(11)));
        }
    }

    public IReadOnlyList<(string Value, string Kind, string JourneyKey)> UsedValues()
    {
        lock (_gate)
        {
            return Query("SELECT value, kind, journey_key FROM used_value", r => (r.GetString(0), r.GetString(1), r.GetString(2)));
        }
    }

    /// <summary>Attestations in log order, each as its JSON text.</summary>
    public IReadOnlyList<(long LeafIndex, string JourneyKey, string Json)> Attestations()
    {
        lock (_gate)
        {
            return Query("SELECT leaf_index, journey_key, json FROM attestation ORDER BY leaf_index", r => (r.GetInt64(0), r.GetString(1), r.GetString(2)));
        }
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Every row of <paramref name="sql"/>, read by <paramref name="row"/>; the caller holds the gate.</summary>
    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> row)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read()) list.Add(row(r));
        return list;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

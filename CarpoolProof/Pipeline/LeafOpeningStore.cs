using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// The private half of the log: the opening (salt and body) of every sealed v2 leaf, by its commitment. The log's
/// writer stores a batch's openings (one transaction) before it appends their leaves, so a leaf in the log always has
/// its opening here; an opening whose leaf never made it (a crash between the two) is an orphan nobody reads. SQLite
/// (<see cref="FileName"/> beside the log, synchronous=FULL like the log) or PostgreSQL (<c>tlog.leaf_opening</c>).
/// Never published: the node reads it to list journeys, the audit export copies it for the authority.
/// </summary>
public sealed class LeafOpeningStore : IDisposable
{
    public const string FileName = "openings.db";

    private readonly Func<DbConnection> _connect;
    private readonly string _table;
    private readonly IDisposable? _owner;

    private LeafOpeningStore(Func<DbConnection> connect, string table, IDisposable? owner)
    {
        _connect = connect;
        _table = table;
        _owner = owner;
    }

    public static LeafOpeningStore OpenSqlite(string path, bool readOnly = false)
    {
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ConnectionString;
        var store = new LeafOpeningStore(() => new SqliteConnection(cs), "leaf_opening", null);
        if (!readOnly)
        {
            using var c = store.Open();
            Execute(c, "PRAGMA journal_mode=WAL;");
            Execute(c, "CREATE TABLE IF NOT EXISTS leaf_opening (commitment TEXT PRIMARY KEY, salt BLOB NOT NULL, body BLOB NOT NULL);");
        }
        return store;
    }

    public static LeafOpeningStore OpenPostgres(string connectionString, string schema = "tlog", bool readOnly = false)
    {
        var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new LeafOpeningStore(dataSource.CreateConnection, schema + ".leaf_opening", dataSource);
        if (!readOnly)
        {
            using var c = store.Open();
            Execute(c, $"CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.leaf_opening (commitment text PRIMARY KEY, salt bytea NOT NULL, body bytea NOT NULL);");
        }
        return store;
    }

    /// <summary>Stores openings in one transaction; one already stored is kept (the same commitment opens the same way).</summary>
    public void Put(IReadOnlyCollection<LeafOpening> openings)
    {
        if (openings.Count == 0) return;
        using var c = Open();
        if (c is SqliteConnection) Execute(c, "PRAGMA synchronous=FULL;");
        using var tx = c.BeginTransaction();
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {_table} (commitment, salt, body) VALUES (@c, @s, @b) ON CONFLICT (commitment) DO NOTHING";
        var pc = Parameter(cmd, "c");
        var ps = Parameter(cmd, "s");
        var pb = Parameter(cmd, "b");
        foreach (var o in openings)
        {
            pc.Value = o.Commitment;
            ps.Value = o.Salt;
            pb.Value = o.Body;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>The opening of one commitment, or null.</summary>
    public LeafOpening? Find(string commitment)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT salt, body FROM {_table} WHERE commitment = @c";
        Parameter(cmd, "c").Value = commitment;
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var opening = new LeafOpening((byte[])r.GetValue(0), (byte[])r.GetValue(1));
        return opening.Commitment == commitment ? opening : null;
    }

    /// <summary>Every stored opening by commitment (a log rebuild, an export).</summary>
    public Dictionary<string, LeafOpening> ReadAll() => ReadAll(Open, _table);

    /// <summary>Reads the openings through a connection the caller holds (an export's read-only transaction).</summary>
    public static Dictionary<string, LeafOpening> ReadAll(DbConnection connection, string table, DbTransaction? tx = null)
    {
        var all = new Dictionary<string, LeafOpening>(StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT commitment, salt, body FROM {table}";
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var opening = new LeafOpening((byte[])r.GetValue(1), (byte[])r.GetValue(2));
            // A row that does not hash to its key is not an opening of that commitment: skipped, the leaf stays sealed.
            if (opening.Commitment == r.GetString(0)) all[r.GetString(0)] = opening;
        }
        return all;
    }

    private static Dictionary<string, LeafOpening> ReadAll(Func<DbConnection> open, string table)
    {
        using var c = open();
        return ReadAll(c, table);
    }

    public void Dispose() => _owner?.Dispose();

    private DbConnection Open()
    {
        var c = _connect();
        c.Open();
        return c;
    }

    private static DbParameter Parameter(DbCommand cmd, string name)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
        return p;
    }

    private static void Execute(DbConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}

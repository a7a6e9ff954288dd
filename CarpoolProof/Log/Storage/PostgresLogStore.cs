using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>
/// The cluster store: the same tables as <see cref="SqliteLogStore"/> in a PostgreSQL schema (one log per schema),
/// one transaction per batch with binary COPY. The head row is locked (FOR UPDATE) and its size checked, so two
/// sequencers writing the same log conflict instead of forking it.
/// </summary>
public sealed partial class PostgresLogStore : ILogStore
{
    private const int FormatVersion = 1;
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly Lock _writeGate = new();
    private long _size;
    private byte[] _root;

    private PostgresLogStore(NpgsqlDataSource dataSource, string schema, long size, byte[] root)
    {
        _dataSource = dataSource;
        _schema = schema;
        _size = size;
        _root = root;
        Description = $"PostgreSQL log store (schema {schema})";
    }

    public string Description { get; }

    public long Size => Volatile.Read(ref _size);

    public byte[] RootHash
    {
        get { lock (_writeGate) { return (byte[])_root.Clone(); } }
    }

    /// <summary>Opens (or creates) the log in schema <paramref name="schema"/> (lower-case letters, digits, underscores).</summary>
    public static PostgresLogStore Open(string connectionString, string schema = "tlog")
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        if (!SchemaName().IsMatch(schema))
        {
            throw new ArgumentException($"Schema name '{schema}' must match [a-z_][a-z0-9_]{{0,62}}.", nameof(schema));
        }

        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            using var connection = dataSource.OpenConnection();
            Execute(connection, null, $"""
                CREATE SCHEMA IF NOT EXISTS {schema};
                CREATE TABLE IF NOT EXISTS {schema}.head (id int PRIMARY KEY CHECK (id = 1), format int NOT NULL, size bigint NOT NULL, root bytea NOT NULL);
                CREATE TABLE IF NOT EXISTS {schema}.leaf (idx bigint PRIMARY KEY, hash bytea NOT NULL, data bytea NOT NULL);
                CREATE TABLE IF NOT EXISTS {schema}.node (level int NOT NULL, idx bigint NOT NULL, hash bytea NOT NULL, PRIMARY KEY (level, idx));
                CREATE TABLE IF NOT EXISTS {schema}.checkpoint (size bigint PRIMARY KEY, note text NOT NULL);
                """);
            var (size, root) = ReadHead(connection, schema);
            return new PostgresLogStore(dataSource, schema, size, root);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public void Append(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeGate)
        {
            using var connection = _dataSource.OpenConnection();
            using var tx = connection.BeginTransaction();
            using (var select = new NpgsqlCommand($"SELECT size FROM {_schema}.head WHERE id = 1 FOR UPDATE", connection, tx))
            {
                var stored = (long)(select.ExecuteScalar() ?? throw new LogStoreCorruptException($"{Description}: head row is missing."));
                if (stored != batch.StartIndex || stored != _size)
                {
                    throw new LogStoreConflictException($"{Description}: batch starts at {batch.StartIndex} but the store holds {stored} leaves.");
                }
            }

            using (var copy = connection.BeginBinaryImport($"COPY {_schema}.leaf (idx, hash, data) FROM STDIN (FORMAT BINARY)"))
            {
                for (var k = 0; k < batch.Leaves.Count; k++)
                {
                    copy.StartRow();
                    copy.Write(batch.StartIndex + k, NpgsqlDbType.Bigint);
                    copy.Write(batch.LeafHashes.Slice(k * TreeHasher.HashSize, TreeHasher.HashSize).ToArray(), NpgsqlDbType.Bytea);
                    copy.Write(batch.Leaves[k].ToArray(), NpgsqlDbType.Bytea);
                }

                copy.Complete();
            }

            using (var copy = connection.BeginBinaryImport($"COPY {_schema}.node (level, idx, hash) FROM STDIN (FORMAT BINARY)"))
            {
                foreach (var node in batch.Nodes)
                {
                    copy.StartRow();
                    copy.Write(node.Level, NpgsqlDbType.Integer);
                    copy.Write(node.Index, NpgsqlDbType.Bigint);
                    copy.Write(node.Hash, NpgsqlDbType.Bytea);
                }

                copy.Complete();
            }

            using (var update = new NpgsqlCommand($"UPDATE {_schema}.head SET size = @s, root = @r WHERE id = 1", connection, tx))
            {
                update.Parameters.AddWithValue("s", batch.NewSize);
                update.Parameters.AddWithValue("r", batch.NewRoot);
                update.ExecuteNonQuery();
            }

            if (batch.CheckpointNote is { } note)
            {
                using var upsert = new NpgsqlCommand($"INSERT INTO {_schema}.checkpoint (size, note) VALUES (@s, @n) ON CONFLICT (size) DO UPDATE SET note = excluded.note", connection, tx);
                upsert.Parameters.AddWithValue("s", batch.NewSize);
                upsert.Parameters.AddWithValue("n", note);
                upsert.ExecuteNonQuery();
            }

            tx.Commit();
            _root = (byte[])batch.NewRoot.Clone();
            Volatile.Write(ref _size, batch.NewSize);
        }
    }

    public byte[] ReadLeaf(long index)
    {
        using var connection = _dataSource.OpenConnection();
        using var select = new NpgsqlCommand($"SELECT data FROM {_schema}.leaf WHERE idx = @i", connection);
        select.Parameters.AddWithValue("i", index);
        return select.ExecuteScalar() as byte[] ?? throw new LogStoreCorruptException($"{Description}: leaf {index} is missing.");
    }

    public IEnumerable<byte[]> ReadLeaves(long start, long count)
    {
        using var connection = _dataSource.OpenConnection();
        using var select = new NpgsqlCommand($"SELECT idx, data FROM {_schema}.leaf WHERE idx >= @s AND idx < @e ORDER BY idx", connection);
        select.Parameters.AddWithValue("s", start);
        select.Parameters.AddWithValue("e", start + count);
        using var reader = select.ExecuteReader();
        long expected = start;
        while (reader.Read())
        {
            if (reader.GetInt64(0) != expected)
            {
                throw new LogStoreCorruptException($"{Description}: leaf {expected} is missing.");
            }

            expected++;
            yield return (byte[])reader.GetValue(1);
        }

        if (expected != start + count)
        {
            throw new LogStoreCorruptException($"{Description}: leaf {expected} is missing.");
        }
    }

    public void ReadHashes(int level, long start, int count, Span<byte> destination)
    {
        var sql = level == 0
            ? $"SELECT idx, hash FROM {_schema}.leaf WHERE idx >= @s AND idx < @e ORDER BY idx"
            : $"SELECT idx, hash FROM {_schema}.node WHERE level = @l AND idx >= @s AND idx < @e ORDER BY idx";
        using var connection = _dataSource.OpenConnection();
        using var select = new NpgsqlCommand(sql, connection);
        select.Parameters.AddWithValue("s", start);
        select.Parameters.AddWithValue("e", start + count);
        select.Parameters.AddWithValue("l", level);
        using var reader = select.ExecuteReader();
        var n = 0;
        while (reader.Read())
        {
            var hash = (byte[])reader.GetValue(1);
            if (reader.GetInt64(0) != start + n || hash.Length != TreeHasher.HashSize)
            {
                throw new LogStoreCorruptException($"{Description}: node ({level}, {start + n}) is missing or malformed.");
            }

            hash.CopyTo(destination.Slice(n * TreeHasher.HashSize, TreeHasher.HashSize));
            n++;
        }

        if (n != count)
        {
            throw new LogStoreCorruptException($"{Description}: node ({level}, {start + n}) is missing.");
        }
    }

    public void SaveCheckpoint(long size, string note)
    {
        using var connection = _dataSource.OpenConnection();
        using var upsert = new NpgsqlCommand($"INSERT INTO {_schema}.checkpoint (size, note) VALUES (@s, @n) ON CONFLICT (size) DO UPDATE SET note = excluded.note", connection);
        upsert.Parameters.AddWithValue("s", size);
        upsert.Parameters.AddWithValue("n", note);
        upsert.ExecuteNonQuery();
    }

    public string? LatestCheckpoint()
    {
        using var connection = _dataSource.OpenConnection();
        using var select = new NpgsqlCommand($"SELECT note FROM {_schema}.checkpoint ORDER BY size DESC LIMIT 1", connection);
        return select.ExecuteScalar() as string;
    }

    public void Dispose() => _dataSource.Dispose();

    private static (long Size, byte[] Root) ReadHead(NpgsqlConnection connection, string schema)
    {
        using var tx = connection.BeginTransaction();
        using (var select = new NpgsqlCommand($"SELECT format, size, root FROM {schema}.head WHERE id = 1 FOR UPDATE", connection, tx))
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                var format = reader.GetInt32(0);
                var size = reader.GetInt64(1);
                var root = (byte[])reader.GetValue(2);
                reader.Close();
                if (format != FormatVersion || size < 0 || root.Length != TreeHasher.HashSize)
                {
                    throw new LogStoreCorruptException($"PostgreSQL log store (schema {schema}): head row is invalid (format {format}, size {size}).");
                }

                CheckLeafRange(connection, tx, schema, size);
                tx.Commit();
                return (size, root);
            }
        }

        // No head: only an empty store may be initialized, never one that already holds leaves.
        CheckLeafRange(connection, tx, schema, 0);
        using var insert = new NpgsqlCommand($"INSERT INTO {schema}.head (id, format, size, root) VALUES (1, @f, 0, @r) ON CONFLICT (id) DO NOTHING", connection, tx);
        insert.Parameters.AddWithValue("f", FormatVersion);
        insert.Parameters.AddWithValue("r", TreeHasher.EmptyRoot());
        insert.ExecuteNonQuery();
        tx.Commit();
        return (0, TreeHasher.EmptyRoot());
    }

    private static void CheckLeafRange(NpgsqlConnection connection, NpgsqlTransaction tx, string schema, long size)
    {
        using var select = new NpgsqlCommand($"SELECT MIN(idx), MAX(idx) FROM {schema}.leaf", connection, tx);
        using var reader = select.ExecuteReader();
        reader.Read();
        var empty = reader.IsDBNull(0);
        if (size == 0 ? !empty : empty || reader.GetInt64(0) != 0 || reader.GetInt64(1) != size - 1)
        {
            throw new LogStoreCorruptException($"PostgreSQL log store (schema {schema}): the stored leaves do not match the recorded size {size}.");
        }
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex SchemaName();
}

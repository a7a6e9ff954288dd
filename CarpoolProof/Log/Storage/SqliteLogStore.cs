using Microsoft.Data.Sqlite;

namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>
/// The default durable store: one SQLite file in WAL mode with synchronous=FULL, one IMMEDIATE transaction per batch.
/// Tables: tlog_head (format, size, root), tlog_leaf (idx, hash, data), tlog_node (level, idx, hash) for levels
/// &gt;= 1, tlog_checkpoint (size, note).
/// </summary>
public sealed class SqliteLogStore : ILogStore
{
    private const int FormatVersion = 1;
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;
    private const int RowsPerStatement = 64;

    private readonly SqliteConnection _write;
    private readonly SqliteConnection _read;
    private readonly Lock _writeGate = new();
    private readonly Lock _readGate = new();
    private long _size;
    private byte[] _root;

    private SqliteLogStore(string path, SqliteConnection write, SqliteConnection read, long size, byte[] root)
    {
        Description = $"SQLite log store '{path}'";
        _write = write;
        _read = read;
        _size = size;
        _root = root;
    }

    public string Description { get; }

    public long Size => Volatile.Read(ref _size);

    public byte[] RootHash
    {
        get { lock (_writeGate) { return (byte[])_root.Clone(); } }
    }

    /// <summary>Opens (or creates) the log in the SQLite file <paramref name="path"/>; a damaged file raises <see cref="LogStoreCorruptException"/>.</summary>
    public static SqliteLogStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        SqliteConnection? write = null;
        SqliteConnection? read = null;
        try
        {
            write = new SqliteConnection(builder.ConnectionString);
            write.Open();
            Execute(write, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=OFF;");
            Execute(write, """
                CREATE TABLE IF NOT EXISTS tlog_head (id INTEGER PRIMARY KEY CHECK (id = 1), format INTEGER NOT NULL, size INTEGER NOT NULL, root BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS tlog_leaf (idx INTEGER PRIMARY KEY, hash BLOB NOT NULL, data BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS tlog_node (level INTEGER NOT NULL, idx INTEGER NOT NULL, hash BLOB NOT NULL, PRIMARY KEY (level, idx)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS tlog_checkpoint (size INTEGER PRIMARY KEY, note TEXT NOT NULL);
                """);
            var (size, root) = ReadHead(write, path);
            read = new SqliteConnection(builder.ConnectionString);
            read.Open();
            return new SqliteLogStore(path, write, read, size, root);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            write?.Dispose();
            read?.Dispose();
            throw new LogStoreCorruptException($"SQLite log store '{path}' is unreadable: {e.Message}", e);
        }
        catch
        {
            write?.Dispose();
            read?.Dispose();
            throw;
        }
    }

    public void Append(LogBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_writeGate)
        {
            try
            {
                using var tx = _write.BeginTransaction(deferred: false);
                var stored = ReadHeadSize(_write, tx);
                if (stored != batch.StartIndex || stored != _size)
                {
                    throw new LogStoreConflictException($"{Description}: batch starts at {batch.StartIndex} but the store holds {stored} leaves.");
                }

                using (var leaves = new SqliteBulkInsert(_write, "tlog_leaf (idx, hash, data)", 3, RowsPerStatement))
                {
                    leaves.Insert(batch.Leaves.Count, (k, row) =>
                    {
                        row.Set(1, batch.StartIndex + k);
                        row.Set(2, batch.LeafHashes.Span.Slice(k * TreeHasher.HashSize, TreeHasher.HashSize));
                        row.Set(3, batch.Leaves[k].Span);
                    });
                }
                using (var nodes = new SqliteBulkInsert(_write, "tlog_node (level, idx, hash)", 3, RowsPerStatement))
                {
                    nodes.Insert(batch.Nodes.Count, (k, row) =>
                    {
                        var node = batch.Nodes[k];
                        row.Set(1, node.Level);
                        row.Set(2, node.Index);
                        row.Set(3, node.Hash);
                    });
                }

                using (var head = Command(_write, tx, "UPDATE tlog_head SET size = $s, root = $r WHERE id = 1"))
                {
                    head.Parameters.AddWithValue("$s", batch.NewSize);
                    head.Parameters.AddWithValue("$r", batch.NewRoot);
                    head.ExecuteNonQuery();
                }

                if (batch.CheckpointNote is { } note)
                {
                    using var upsert = Command(_write, tx, "INSERT INTO tlog_checkpoint (size, note) VALUES ($s, $n) ON CONFLICT (size) DO UPDATE SET note = excluded.note");
                    upsert.Parameters.AddWithValue("$s", batch.NewSize);
                    upsert.Parameters.AddWithValue("$n", note);
                    upsert.ExecuteNonQuery();
                }

                tx.Commit();
                _root = (byte[])batch.NewRoot.Clone();
                Volatile.Write(ref _size, batch.NewSize);
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                throw new LogStoreCorruptException($"{Description}: {e.Message}", e);
            }
        }
    }

    public byte[] ReadLeaf(long index)
    {
        lock (_readGate)
        {
            using var select = Command(_read, null, "SELECT data FROM tlog_leaf WHERE idx = $i");
            select.Parameters.AddWithValue("$i", index);
            return Guard(() => select.ExecuteScalar() as byte[]) ?? throw new LogStoreCorruptException($"{Description}: leaf {index} is missing.");
        }
    }

    public IEnumerable<byte[]> ReadLeaves(long start, long count)
    {
        const int Page = 4096;
        for (var from = start; from < start + count; from += Page)
        {
            var to = Math.Min(start + count, from + Page);
            var page = new List<byte[]>((int)(to - from));
            lock (_readGate)
            {
                using var select = Command(_read, null, "SELECT idx, data FROM tlog_leaf WHERE idx >= $s AND idx < $e ORDER BY idx");
                select.Parameters.AddWithValue("$s", from);
                select.Parameters.AddWithValue("$e", to);
                Guard(() =>
                {
                    using var reader = select.ExecuteReader();
                    while (reader.Read())
                    {
                        if (reader.GetInt64(0) != from + page.Count)
                        {
                            throw new LogStoreCorruptException($"{Description}: leaf {from + page.Count} is missing.");
                        }

                        page.Add((byte[])reader.GetValue(1));
                    }

                    return 0;
                });
            }

            if (page.Count != to - from)
            {
                throw new LogStoreCorruptException($"{Description}: leaf {from + page.Count} is missing.");
            }

            foreach (var leaf in page)
            {
                yield return leaf;
            }
        }
    }

    public void ReadHashes(int level, long start, int count, Span<byte> destination)
    {
        var sql = level == 0
            ? "SELECT idx, hash FROM tlog_leaf WHERE idx >= $s AND idx < $e ORDER BY idx"
            : "SELECT idx, hash FROM tlog_node WHERE level = $l AND idx >= $s AND idx < $e ORDER BY idx";
        var buffer = new byte[count * TreeHasher.HashSize];
        lock (_readGate)
        {
            using var select = Command(_read, null, sql);
            select.Parameters.AddWithValue("$s", start);
            select.Parameters.AddWithValue("$e", start + count);
            select.Parameters.AddWithValue("$l", level);
            var read = Guard(() =>
            {
                using var reader = select.ExecuteReader();
                var n = 0;
                while (reader.Read())
                {
                    var hash = (byte[])reader.GetValue(1);
                    if (reader.GetInt64(0) != start + n || hash.Length != TreeHasher.HashSize)
                    {
                        throw new LogStoreCorruptException($"{Description}: node ({level}, {start + n}) is missing or malformed.");
                    }

                    hash.CopyTo(buffer, n * TreeHasher.HashSize);
                    n++;
                }

                return n;
            });
            if (read != count)
            {
                throw new LogStoreCorruptException($"{Description}: node ({level}, {start + read}) is missing.");
            }
        }

        buffer.CopyTo(destination);
    }

    public void SaveCheckpoint(long size, string note)
    {
        lock (_writeGate)
        {
            using var upsert = Command(_write, null, "INSERT INTO tlog_checkpoint (size, note) VALUES ($s, $n) ON CONFLICT (size) DO UPDATE SET note = excluded.note");
            upsert.Parameters.AddWithValue("$s", size);
            upsert.Parameters.AddWithValue("$n", note);
            Guard(upsert.ExecuteNonQuery);
        }
    }

    public string? LatestCheckpoint()
    {
        lock (_readGate)
        {
            using var select = Command(_read, null, "SELECT note FROM tlog_checkpoint ORDER BY size DESC LIMIT 1");
            return Guard(() => select.ExecuteScalar() as string);
        }
    }

    public void Dispose()
    {
        _write.Dispose();
        _read.Dispose();
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
        {
            throw new LogStoreCorruptException($"{Description}: {e.Message}", e);
        }
    }

    private static (long Size, byte[] Root) ReadHead(SqliteConnection connection, string path)
    {
        using (var select = Command(connection, null, "SELECT format, size, root FROM tlog_head WHERE id = 1"))
        using (var reader = select.ExecuteReader())
        {
            if (reader.Read())
            {
                var format = reader.GetInt64(0);
                var size = reader.GetInt64(1);
                var root = (byte[])reader.GetValue(2);
                if (format != FormatVersion || size < 0 || root.Length != TreeHasher.HashSize)
                {
                    throw new LogStoreCorruptException($"SQLite log store '{path}': head row is invalid (format {format}, size {size}).");
                }

                CheckLeafRange(connection, path, size);
                return (size, root);
            }
        }

        // No head: only an empty store may be initialized, never one that already holds leaves.
        CheckLeafRange(connection, path, 0);
        using var insert = Command(connection, null, "INSERT INTO tlog_head (id, format, size, root) VALUES (1, $f, 0, $r)");
        insert.Parameters.AddWithValue("$f", FormatVersion);
        insert.Parameters.AddWithValue("$r", TreeHasher.EmptyRoot());
        insert.ExecuteNonQuery();
        return (0, TreeHasher.EmptyRoot());
    }

    private static void CheckLeafRange(SqliteConnection connection, string path, long size)
    {
        using var select = Command(connection, null, "SELECT MIN(idx), MAX(idx) FROM tlog_leaf");
        using var reader = select.ExecuteReader();
        reader.Read();
        var empty = reader.IsDBNull(0);
        if (size == 0 ? !empty : empty || reader.GetInt64(0) != 0 || reader.GetInt64(1) != size - 1)
        {
            throw new LogStoreCorruptException($"SQLite log store '{path}': the stored leaves do not match the recorded size {size}.");
        }
    }

    private static long ReadHeadSize(SqliteConnection connection, SqliteTransaction tx)
    {
        using var select = Command(connection, tx, "SELECT size FROM tlog_head WHERE id = 1");
        return (long)(select.ExecuteScalar() ?? throw new LogStoreCorruptException("SQLite log store: head row is missing."));
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Command(connection, null, sql);
        command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        return command;
    }
}

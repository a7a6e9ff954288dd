using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Storage;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Configuration;
using Npgsql;

namespace Mobility.Node.Storage;

/// <summary>
/// Checks the event store before Akka touches it, so a bad store stops the node with one line and is left as found:
/// an existing SQLite file is opened read-only and checked with <c>PRAGMA quick_check</c>; a PostgreSQL server must
/// answer <c>SELECT 1</c>. Only a data folder seen for the first time gets a new, empty database file.
/// </summary>
public static class StoragePreflight
{
    /// <summary>Records in the data folder which database it holds, so a later start can tell "missing" from "new".</summary>
    public const string MarkerFile = "store.json";

    private const string ConnectionKey = NodeSettingsReader.Section + ":Storage:ConnectionString";
    private const string DataFolderKey = NodeSettingsReader.Section + ":DataFolder";

    /// <summary>What the check found, for the start-up banner.</summary>
    public sealed record Outcome(string Description, bool Created);

    public static async Task<Outcome> CheckAsync(NodeSettings settings, CancellationToken cancellationToken)
    {
        EnsureDataFolder(settings.DataFolder);
        var outcome = settings.Storage.Provider switch
        {
            StorageProvider.Sqlite => await CheckSqliteAsync(settings, cancellationToken),
            _ => await CheckPostgresAsync(settings.Storage, cancellationToken),
        };
        await CheckCarpoolStoresAsync(settings.DataFolder, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// The carpool stores beside the event store (the transparency log <c>carpool/log.db</c> and any other SQLite file
    /// there) get the same read-only <c>quick_check</c>: a corrupt log once let the node report Ready while
    /// <c>/log/checkpoint</c> hung.
    /// </summary>
    private static async Task CheckCarpoolStoresAsync(string dataFolder, CancellationToken ct)
    {
        var folder = Path.Combine(dataFolder, "carpool");
        if (!Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder, "*.db").Order(StringComparer.Ordinal))
        {
            var problem = await QuickCheckAsync(file, ct);
            if (problem is not null)
            {
                throw new StartupException(DataFolderKey, $"SQLite file '{file}' is not a healthy database ({problem}); it was left untouched.");
            }
        }

        var log = Path.Combine(folder, ProofDataDirectory.LogFile);
        if (File.Exists(log) && LogTreeProblem(log) is { } broken)
        {
            throw new StartupException(DataFolderKey, $"transparency log '{log}' does not hold together ({broken}); it was left untouched: restore it from a backup.");
        }
    }

    /// <summary>
    /// Opens the log as its singleton will, with the cheap check (every stored hash present, the recomputed root equal
    /// to the stored one): a sound SQLite file whose tree was altered is refused here with one line instead of leaving
    /// the singleton unable to start. The full rehash stays the singleton's; readiness reports it if that fails.
    /// </summary>
    private static string? LogTreeProblem(string file)
    {
        try
        {
            using var log = TransparencyLog.OpenSqlite(file, new TransparencyLogOptions { Origin = "preflight", OpenCheck = LogOpenCheck.Root });
            return null;
        }
        catch (Exception e) when (e is LogStoreCorruptException or SqliteException or InvalidDataException)
        {
            return e.Message.TrimEnd('.');
        }
    }

    private static void EnsureDataFolder(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException(DataFolderKey, $"cannot create '{folder}' ({e.Message}).");
        }
    }

    private static async Task<Outcome> CheckSqliteAsync(NodeSettings settings, CancellationToken ct)
    {
        var file = settings.Storage.SqliteFile!;
        var marker = ReadMarker(settings.DataFolder);
        var recorded = MarkerPath(settings.DataFolder, file);
        if (!File.Exists(file))
        {
            // A folder that recorded a database, or that holds a write-ahead log, has data somewhere: refusing keeps
            // a moved or half-restored folder from being silently reinitialized over committed events.
            if (marker is not null)
            {
                throw new StartupException(ConnectionKey, $"SQLite file '{file}' is missing, though this data folder recorded '{marker.File}' on {marker.CreatedAt:u}; restore it, or choose another {DataFolderKey} to start empty.");
            }

            foreach (var orphan in new[] { file + "-wal", file + "-journal" })
            {
                if (File.Exists(orphan))
                {
                    throw new StartupException(ConnectionKey, $"'{orphan}' holds uncommitted or unmerged writes but '{file}' is missing; restore the database beside it, or remove both to start empty.");
                }
            }

            var directory = Path.GetDirectoryName(file)!;
            if (!Directory.Exists(directory))
            {
                throw new StartupException(ConnectionKey, $"folder '{directory}' of the SQLite file does not exist.");
            }

            await CreateSqliteAsync(file, ct);
            WriteMarker(settings.DataFolder, new StoreMarker("sqlite", recorded, DateTimeOffset.UtcNow));
            return new Outcome($"sqlite {file} (new)", Created: true);
        }

        var problem = await QuickCheckAsync(file, ct);
        if (problem is not null)
        {
            throw new StartupException(ConnectionKey, $"SQLite file '{file}' is not a healthy database ({problem}); it was left untouched.");
        }

        if (marker is null || !string.Equals(marker.File, recorded, StringComparison.Ordinal))
        {
            // First start on an existing file, or a marker written with an absolute path by an older node.
            WriteMarker(settings.DataFolder, new StoreMarker("sqlite", recorded, marker?.CreatedAt ?? DateTimeOffset.UtcNow));
        }

        return new Outcome($"sqlite {file} ({new FileInfo(file).Length / 1024.0:0.#} KiB)", Created: false);
    }

    /// <summary>
    /// The database path as store.json records it: relative to the data folder when the file lies inside it, so the
    /// folder can be moved or restored elsewhere as a whole.
    /// </summary>
    internal static string MarkerPath(string folder, string file)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.GetFullPath(file));
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(file) : relative;
    }

    /// <summary>Runs PRAGMA quick_check on a read-only connection; null when the file is a sound SQLite database.</summary>
    internal static async Task<string?> QuickCheckAsync(string file, CancellationToken ct)
    {
        var readOnly = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ConnectionString;
        try
        {
            await using var connection = new SqliteConnection(readOnly);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check";
            var rows = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct) && rows.Count < 3)
                {
                    rows.Add(reader.GetString(0));
                }
            }

            return rows is ["ok"] ? null : "quick_check: " + string.Join("; ", rows);
        }
        catch (SqliteException e)
        {
            return e.Message.TrimEnd('.');
        }
    }

    private static async Task CreateSqliteAsync(string file, CancellationToken ct)
    {
        var create = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ConnectionString;
        await using var connection = new SqliteConnection(create);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();

        // WAL lets readiness probes and queries read while the journal writes; the mode is stored in the file.
        command.CommandText = "PRAGMA journal_mode=WAL";
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<Outcome> CheckPostgresAsync(StorageSettings storage, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Timeout = 5, Pooling = false };
        var where = $"{builder.Host}:{builder.Port}/{builder.Database}";
        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(ct);
            return new Outcome($"postgres {where} (server {connection.PostgreSqlVersion})", Created: false);
        }
        catch (PostgresException e)
        {
            throw new StartupException(ConnectionKey, $"PostgreSQL at {where} refused the connection ({e.SqlState}: {e.MessageText}).");
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            throw new StartupException(ConnectionKey, $"PostgreSQL at {where} is unreachable ({Innermost(e).Message.TrimEnd('.')}).");
        }
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static StoreMarker? ReadMarker(string folder)
    {
        var path = Path.Combine(folder, MarkerFile);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), StorageJsonContext.Default.StoreMarker);
        }
        catch (JsonException e)
        {
            throw new StartupException(DataFolderKey, $"'{path}' is not a store marker ({e.Message}); it was left untouched.");
        }
    }

    private static void WriteMarker(string folder, StoreMarker marker) =>
        File.WriteAllBytes(Path.Combine(folder, MarkerFile), JsonSerializer.SerializeToUtf8Bytes(marker, StorageJsonContext.Default.StoreMarker));
}

using System.Security.Cryptography;
using Mobility.Node.Configuration;
using Npgsql;
using NpgsqlTypes;

namespace Mobility.Node.Snapshots;

/// <summary>An operator's GTFS version as the cluster records it: which content (SHA-256, length) is version N.</summary>
public sealed record SharedUpload(string OperatorId, int Version, string Sha256, long Length);

/// <summary>
/// The operators' accepted GTFS uploads in the cluster's shared PostgreSQL (schema <c>feeds</c>), so that every node
/// serves the version one node accepted: the zip's bytes by content hash, in 1 MiB parts (no row near PostgreSQL's
/// limits, no 200 MiB value in memory), and one row per recorded version. The receiving node writes the bytes before
/// the operator entity records the version and the version row after, so a recorded row always has its bytes; a
/// reader checks the SHA-256 of what it read against the row before using it. With SQLite the node is alone: nothing
/// to share (<see cref="Shared"/> is false).
/// </summary>
public sealed class SharedUploads(NodeSettings settings)
{
    public const int PartBytes = 1 << 20;

    private readonly SemaphoreSlim _schema = new(1, 1);
    private bool _schemaReady;

    public bool Shared => settings.Storage.Provider == StorageProvider.Postgres;

    /// <summary>Stores the bytes of <paramref name="file"/> under <paramref name="sha256"/> (again: nothing changes).</summary>
    public async Task PutAsync(string sha256, string file, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var source = File.OpenRead(file))
        {
            var buffer = new byte[PartBytes];
            for (var part = 0; ; part++)
            {
                var read = await source.ReadAtLeastAsync(buffer, PartBytes, throwOnEndOfStream: false, ct);
                if (read == 0 && part > 0)
                {
                    break;
                }

                await using var insert = new NpgsqlCommand("INSERT INTO feeds.gtfs_upload_part (sha256, part, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction);
                insert.Parameters.Add(new NpgsqlParameter { Value = sha256 });
                insert.Parameters.Add(new NpgsqlParameter { Value = part });
                insert.Parameters.Add(new NpgsqlParameter { Value = new ArraySegment<byte>(buffer, 0, read).ToArray(), NpgsqlDbType = NpgsqlDbType.Bytea });
                await insert.ExecuteNonQueryAsync(ct);
                if (read < PartBytes)
                {
                    break;
                }
            }
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Records that <paramref name="upload"/> is its operator's version N (again: nothing changes).</summary>
    public async Task RecordAsync(SharedUpload upload, CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var insert = new NpgsqlCommand("INSERT INTO feeds.gtfs_upload (operator_id, version, sha256, length) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = upload.OperatorId });
        insert.Parameters.Add(new NpgsqlParameter { Value = upload.Version });
        insert.Parameters.Add(new NpgsqlParameter { Value = upload.Sha256 });
        insert.Parameters.Add(new NpgsqlParameter { Value = upload.Length });
        await insert.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Each operator's highest recorded version.</summary>
    public async Task<IReadOnlyList<SharedUpload>> LatestAsync(CancellationToken ct)
    {
        await using var connection = await OpenAsync(ct);
        await using var query = new NpgsqlCommand(
            "SELECT DISTINCT ON (operator_id) operator_id, version, sha256, length FROM feeds.gtfs_upload ORDER BY operator_id, version DESC", connection);
        await using var reader = await query.ExecuteReaderAsync(ct);
        var latest = new List<SharedUpload>();
        while (await reader.ReadAsync(ct))
        {
            latest.Add(new SharedUpload(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt64(3)));
        }

        return latest;
    }

    /// <summary>
    /// Writes the bytes of <paramref name="upload"/> to <paramref name="target"/> (through a temporary file, moved only
    /// once complete) after checking their length and SHA-256 against the recorded ones.
    /// </summary>
    /// <exception cref="InvalidDataException">The stored bytes are missing, or are not the recorded content.</exception>
    public async Task FetchAsync(SharedUpload upload, string target, CancellationToken ct)
    {
        var temporary = target + $".{Guid.NewGuid():N}.part";
        try
        {
            await using (var connection = await OpenAsync(ct))
            await using (var query = new NpgsqlCommand("SELECT bytes FROM feeds.gtfs_upload_part WHERE sha256 = $1 ORDER BY part", connection))
            {
                query.Parameters.Add(new NpgsqlParameter { Value = upload.Sha256 });
                await using var reader = await query.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
                await using var output = File.Create(temporary);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long length = 0;
                while (await reader.ReadAsync(ct))
                {
                    var bytes = reader.GetFieldValue<byte[]>(0);
                    length += bytes.Length;
                    if (length > upload.Length)
                    {
                        throw new InvalidDataException($"the stored bytes of {upload.Sha256} are longer than the recorded {upload.Length}.");
                    }

                    hash.AppendData(bytes);
                    await output.WriteAsync(bytes, ct);
                }

                var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (length != upload.Length || sha != upload.Sha256)
                {
                    throw new InvalidDataException($"the stored bytes of {upload.OperatorId} version {upload.Version} have SHA-256 {sha} and {length} bytes, not the recorded {upload.Sha256} and {upload.Length}.");
                }
            }

            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (!Shared)
        {
            throw new InvalidOperationException("GTFS uploads are shared only through PostgreSQL.");
        }

        var connection = new NpgsqlConnection(settings.Storage.ConnectionString);
        await connection.OpenAsync(ct);
        if (!_schemaReady)
        {
            await EnsureSchemaAsync(connection, ct);
        }

        return connection;
    }

    private async Task EnsureSchemaAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await _schema.WaitAsync(ct);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            // Several nodes may start together: CREATE ... IF NOT EXISTS can still collide in the catalog; one retry sees the winner's tables.
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    await using var create = new NpgsqlCommand(
                        """
                        CREATE SCHEMA IF NOT EXISTS feeds;
                        CREATE TABLE IF NOT EXISTS feeds.gtfs_upload_part (sha256 text NOT NULL, part integer NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (sha256, part));
                        CREATE TABLE IF NOT EXISTS feeds.gtfs_upload (operator_id text NOT NULL, version integer NOT NULL, sha256 text NOT NULL, length bigint NOT NULL, PRIMARY KEY (operator_id, version));
                        """, connection);
                    await create.ExecuteNonQueryAsync(ct);
                    break;
                }
                catch (PostgresException e) when (attempt == 0 && e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable or PostgresErrorCodes.DuplicateSchema)
                {
                }
            }

            _schemaReady = true;
        }
        finally
        {
            _schema.Release();
        }
    }
}

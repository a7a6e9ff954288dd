using Microsoft.Data.Sqlite;

namespace Mobility.Audit.Export;

/// <summary>
/// A consistent private copy of a live SQLite database (WAL mode), opened from a temporary folder. Even a read-only
/// connection writes where the database lives: it updates the shared-memory index (<c>-shm</c>) of a database a node
/// has open, and creates <c>-wal</c> and <c>-shm</c> beside one no process has open. An audit must leave the node's
/// folder byte for byte as it found it, so it reads the files (never locks or writes them) and lets SQLite rebuild the
/// index from the copied WAL in a folder of its own.
/// </summary>
/// <remarks>
/// The copy is consistent when the WAL kept the same generation while the database file and the WAL were copied (in
/// that order): a checkpoint of that generation only writes pages the copied WAL also holds, in a version at least as
/// new, and SQLite ignores a torn last frame (its checksum fails) and frames of an unfinished transaction. A WAL that
/// restarted meanwhile (its salt changed, see the WAL format in sqlite.org/fileformat2.html) may have moved committed
/// pages into the database file after it was copied, so the copy is taken again.
/// </remarks>
public sealed class SqliteSnapshot : IDisposable
{
    private const int Attempts = 10;

    /// <summary>The private folder holding the copies (deleted with this object).</summary>
    public string Folder { get; } = Directory.CreateTempSubdirectory("mobility-audit-").FullName;

    /// <summary>Copies <paramref name="database"/> (and its WAL, when there is one) under <paramref name="name"/> in <see cref="Folder"/>.</summary>
    public string CopyDatabase(string database, string? name = null)
    {
        if (!File.Exists(database))
        {
            throw new FileNotFoundException($"{database}: no such database");
        }

        var copy = Path.Combine(Folder, name ?? Path.GetFileName(database));
        for (var attempt = 0; ; attempt++)
        {
            var before = WalGeneration(database + "-wal");
            Copy(database, copy);
            var hasWal = File.Exists(database + "-wal");
            if (hasWal)
            {
                Copy(database + "-wal", copy + "-wal");
            }
            else
            {
                File.Delete(copy + "-wal");
            }

            var after = WalGeneration(database + "-wal");
            if (before == after && (!hasWal || WalGeneration(copy + "-wal") == after))
            {
                return copy;
            }

            if (attempt == Attempts)
            {
                throw new IOException($"{database}: its write-ahead log restarted during each of {Attempts} copies; retry when the node is less busy");
            }
        }
    }

    /// <summary>Copies a plain file (a key, a marker) into <see cref="Folder"/>.</summary>
    public string CopyFile(string file, string? name = null)
    {
        var copy = Path.Combine(Folder, name ?? Path.GetFileName(file));
        Copy(file, copy);
        return copy;
    }

    /// <summary>Opens a copied database read-only (SQLite may still create its index files, in the private folder).</summary>
    public static SqliteConnection OpenCopy(string copy)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = copy, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>The WAL header's salts (bytes 16-23), which change whenever the log restarts; null without a WAL.</summary>
    private static ulong? WalGeneration(string wal)
    {
        try
        {
            using var stream = new FileStream(wal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[32];
            return stream.ReadAtLeast(header, 32, throwOnEndOfStream: false) < 32 ? 0 : BitConverter.ToUInt64(header[16..24]);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Reads the source sharing it with its writer (no lock taken), into a file of the private folder.</summary>
    private static void Copy(string from, string to)
    {
        using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var target = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None);
        source.CopyTo(target);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless; the audit's result stands.
        }
    }
}

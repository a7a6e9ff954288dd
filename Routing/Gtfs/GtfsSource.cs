using System.IO.Compression;
using System.Text;

namespace Mobility.Routing.Gtfs;

/// <summary>Where the feed's files come from: a zip archive or a folder.</summary>
internal sealed class GtfsSource : IDisposable
{
    /// <summary>Upper bound on one uncompressed file, against zip bombs.</summary>
    public const long MaxFileBytes = 2L * 1024 * 1024 * 1024;

    private readonly ZipArchive? _zip;
    private readonly string? _folder;
    private readonly string _name;

    private GtfsSource(string name, ZipArchive? zip, string? folder)
    {
        _name = name;
        _zip = zip;
        _folder = folder;
    }

    public static GtfsSource Open(string path)
    {
        var name = Path.GetFileName(path.TrimEnd('/', '\\'));
        if (Directory.Exists(path))
        {
            return new GtfsSource(name, null, path);
        }

        if (!File.Exists(path))
        {
            throw new GtfsFeedException(new GtfsIssue(name, 0, null, $"no such file or folder: {path}"));
        }

        try
        {
            return new GtfsSource(name, ZipFile.OpenRead(path), null);
        }
        catch (InvalidDataException ex)
        {
            throw new GtfsFeedException(new GtfsIssue(name, 0, null, "not a readable zip archive (truncated or corrupt): " + ex.Message));
        }
    }

    public bool Exists(string file) => _zip is not null ? _zip.GetEntry(file) is not null : File.Exists(Path.Combine(_folder!, file));

    /// <summary>A reader over one file decoded as UTF-8 (a byte-order mark is honoured), or null when absent.</summary>
    public TextReader? OpenText(string file)
    {
        Stream stream;
        if (_zip is not null)
        {
            var entry = _zip.GetEntry(file);
            if (entry is null)
            {
                return null;
            }

            if (entry.Length > MaxFileBytes)
            {
                throw new GtfsFeedException(new GtfsIssue(file, 0, null, $"larger than {MaxFileBytes} bytes uncompressed"));
            }

            try
            {
                stream = new DeclaredLengthStream(entry.Open(), file, entry.Length);
            }
            catch (InvalidDataException ex)
            {
                throw new GtfsFeedException(new GtfsIssue(file, 0, null, $"unreadable in {_name} (truncated or corrupt archive): {ex.Message}"));
            }
        }
        else
        {
            var path = Path.Combine(_folder!, file);
            if (!File.Exists(path))
            {
                return null;
            }

            stream = File.OpenRead(path);
        }

        return new StreamReader(stream, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    public void Dispose() => _zip?.Dispose();
}

using System.IO.Compression;
using System.Text;

namespace Mobility.Ticketing.Fares;

/// <summary>A GTFS feed as a folder or a zip archive, with the per-file bound the routing GTFS reader applies.</summary>
internal sealed class FareSource : IDisposable
{
    public const long MaxFileBytes = 512L * 1024 * 1024;

    private readonly ZipArchive? _zip;
    private readonly string? _folder;

    private FareSource(ZipArchive? zip, string? folder, string name)
    {
        _zip = zip;
        _folder = folder;
        Name = name;
    }

    public string Name { get; }

    public static FareSource Open(string path)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (Directory.Exists(path))
        {
            return new FareSource(null, path, name);
        }

        if (!File.Exists(path))
        {
            throw new TicketingInputException(name, 0, null, $"no such file or folder: {path}");
        }

        try
        {
            return new FareSource(ZipFile.OpenRead(path), null, name);
        }
        catch (InvalidDataException ex)
        {
            throw new TicketingInputException(name, 0, null, "not a readable zip archive: " + ex.Message);
        }
    }

    public bool Exists(string file) => _zip is not null ? _zip.GetEntry(file) is not null : File.Exists(Path.Combine(_folder!, file));

    public TextReader? OpenText(string file)
    {
        if (_zip is not null)
        {
            var entry = _zip.GetEntry(file);
            if (entry is null)
            {
                return null;
            }

            if (entry.Length > MaxFileBytes)
            {
                throw new TicketingInputException(file, 0, null, $"larger than {MaxFileBytes} bytes uncompressed");
            }

            return new StreamReader(entry.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        }

        var path = Path.Combine(_folder!, file);
        if (!File.Exists(path))
        {
            return null;
        }

        return new FileInfo(path).Length > MaxFileBytes
            ? throw new TicketingInputException(file, 0, null, $"larger than {MaxFileBytes} bytes")
            : new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    public void Dispose() => _zip?.Dispose();
}

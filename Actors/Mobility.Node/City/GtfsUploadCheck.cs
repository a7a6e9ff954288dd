using System.IO.Compression;
using Mobility.Routing.Gtfs;

namespace Mobility.Node.City;

/// <summary>
/// Validates an uploaded GTFS Schedule zip as the planner would read it: first the archive's declared sizes (a zip
/// bomb is refused before anything is inflated), then the routing reader itself, whose rules (coordinates in range,
/// no NaN, unique stop_times keys, references, times) every feed the planner loads obeys. The reader's streams stop
/// at each entry's declared size, so a header that lies about it fails fast too.
/// </summary>
public static class GtfsUploadCheck
{
    /// <summary>Uncompressed bytes of one upload at most (every entry together).</summary>
    public const long MaxUncompressedBytes = 1L << 30;

    /// <summary>
    /// Inflation ratio of an entry at most. GTFS text compresses about 5-20 times (stop_times.txt of large feeds near
    /// 30); zip bombs inflate a thousand times.
    /// </summary>
    public const int MaxRatio = 100;

    /// <summary>Entries of an upload at most (a feed has about 30 files).</summary>
    public const int MaxEntries = 1_000;

    /// <summary>The feed's problems, each naming file, line and field; empty when the planner would load it.</summary>
    public static IReadOnlyList<string> Check(string path, out GtfsInventory.Summary? summary)
    {
        summary = null;
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (zip.Entries.Count > MaxEntries)
            {
                return [$"more than {MaxEntries} files in the archive"];
            }

            long total = 0;
            foreach (var entry in zip.Entries)
            {
                total += entry.Length;
                if (entry.CompressedLength > 0 && entry.Length / entry.CompressedLength > MaxRatio)
                {
                    return [$"{entry.FullName}: inflates {entry.Length / entry.CompressedLength} times (at most {MaxRatio}); refused as a zip bomb"];
                }
            }

            if (total > MaxUncompressedBytes)
            {
                return [$"{total} bytes uncompressed (at most {MaxUncompressedBytes})"];
            }
        }
        catch (InvalidDataException e)
        {
            return [$"not a zip archive ({e.Message})"];
        }

        try
        {
            var feed = GtfsReader.Load(path, "upload");
            summary = GtfsInventory.Summary.Of(feed);
            return [];
        }
        catch (GtfsFeedException e)
        {
            return [.. e.Errors.Select(i => i.ToString())];
        }
    }
}

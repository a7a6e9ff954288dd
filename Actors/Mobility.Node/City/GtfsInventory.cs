using System.IO.Compression;

namespace Mobility.Node.City;

/// <summary>
/// A first look at a GTFS Schedule zip: the required files are present and their records are counted (CSV per
/// RFC 4180, quoted fields may hold line breaks). The full parse into a network snapshot belongs to Routing.
/// </summary>
public static class GtfsInventory
{
    /// <summary>GTFS Schedule reference, "Dataset Files": required files (plus calendar.txt or calendar_dates.txt).</summary>
    public static readonly IReadOnlyList<string> RequiredFiles = ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"];

    /// <summary>Uncompressed bytes read at most, so a zip bomb stops with an error instead of eating the disk cache.</summary>
    public const long MaxUncompressedBytes = 4L << 30;

    public sealed record Summary(int Agencies, int Stops, int Routes, int Trips, long StopTimes)
    {
        public override string ToString() => $"{Agencies} agencies, {Routes} routes, {Stops} stops, {Trips} trips, {StopTimes} stop times";

        /// <summary>The same counts from a feed the routing reader has loaded.</summary>
        public static Summary Of(Mobility.Routing.Gtfs.GtfsFeed feed) =>
            new(feed.Agencies.Count, feed.Stops.Count, feed.Routes.Count, feed.Trips.Count, feed.Trips.Sum(t => (long)t.StopTimes.Length));
    }

    /// <exception cref="InvalidDataException">The file is not a readable GTFS zip; the message says what is wrong.</exception>
    public static Summary Read(string path)
    {
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"not a zip archive ({e.Message})", e);
        }

        using (zip)
        {
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            var missing = RequiredFiles.Where(f => !names.Contains(f)).ToList();
            if (!names.Contains("calendar.txt") && !names.Contains("calendar_dates.txt"))
            {
                missing.Add("calendar.txt or calendar_dates.txt");
            }

            if (missing.Count > 0)
            {
                throw new InvalidDataException($"missing {string.Join(", ", missing)}");
            }

            long budget = MaxUncompressedBytes;
            long Count(string name) => CountRecords(zip.GetEntry(name)!, ref budget);
            return new Summary((int)Count("agency.txt"), (int)Count("stops.txt"), (int)Count("routes.txt"), (int)Count("trips.txt"), Count("stop_times.txt"));
        }
    }

    /// <summary>Data records of one CSV file: records after the header, blank lines ignored.</summary>
    private static long CountRecords(ZipArchiveEntry entry, ref long budget)
    {
        using var stream = entry.Open();
        var buffer = new byte[64 * 1024];
        long records = 0;
        var inQuotes = false;
        var lineHasContent = false;
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            budget -= read;
            if (budget < 0)
            {
                throw new InvalidDataException($"{entry.FullName}: more than {MaxUncompressedBytes >> 30} GiB uncompressed");
            }

            foreach (var b in buffer.AsSpan(0, read))
            {
                if (b == (byte)'"')
                {
                    inQuotes = !inQuotes; // An escaped quote ("") toggles twice.
                    lineHasContent = true;
                }
                else if (b == (byte)'\n' && !inQuotes)
                {
                    records += lineHasContent ? 1 : 0;
                    lineHasContent = false;
                }
                else if (b is not ((byte)'\r' or (byte)' '))
                {
                    lineHasContent = true;
                }
            }
        }

        if (inQuotes)
        {
            throw new InvalidDataException($"{entry.FullName}: a quoted field is not closed at end of file");
        }

        records += lineHasContent ? 1 : 0;
        return Math.Max(0, records - 1); // The first record is the header.
    }
}

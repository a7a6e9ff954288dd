using System.IO.Compression;
using System.Security.Cryptography;
using Mobility.Node.Snapshots;

namespace Mobility.Node.Web;

/// <summary>
/// The territory's GeoJSON for the current routing snapshot, built once per snapshot version (a swap builds it again
/// on the next request) and kept with its gzip form and an entity tag from its SHA-256, so an unchanged map after a
/// realtime swap keeps its tag and browsers revalidate with a 304.
/// </summary>
public sealed class TerritoryMapCache
{
    private readonly Lock _gate = new();
    private Entry? _entry;

    public sealed record Entry(long Version, byte[] Json, byte[] Gzip, string ETag, TerritoryMap.Counts Counts);

    /// <summary>The map of <paramref name="snapshot"/> at <paramref name="version"/>; builds it when the cached one is older.</summary>
    public Entry Get(RoutingSnapshot snapshot, long version)
    {
        if (_entry is { } cached && cached.Version == version)
        {
            return cached;
        }

        lock (_gate)
        {
            if (_entry is { } raced && raced.Version == version)
            {
                return raced;
            }

            var json = TerritoryMap.Build(snapshot, out var counts);
            using var packed = new MemoryStream();
            using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            {
                gzip.Write(json);
            }

            var tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(json).AsSpan(0, 16)) + "\"";
            var entry = new Entry(version, json, packed.ToArray(), tag, counts);
            _entry = entry;
            return entry;
        }
    }
}

using OsmSharp;
using OsmSharp.Streams;
using OsmSharp.Tags;
using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Planning.Multimodal;

/// <summary>
/// Park-and-ride sites of an OSM extract (PBF or XML): car parks tagged <c>amenity=parking</c> with a
/// <c>park_ride</c> tag other than <c>no</c> (OSM wiki Key:park_ride: yes, bus, train, tram, subway...), mapped as a
/// node (its position) or a closed or open way (the centroid of its distinct nodes). Multipolygon relations are not
/// read. A second pass over the file fetches the positions of the ways' nodes, only when a tagged way was found.
/// Sites are named by <c>name</c>, else <c>P+R</c> and the OSM id; ordered by OSM type and id, so the list is the same
/// for the same file.
/// </summary>
public static class ParkAndRideOsm
{
    public static IReadOnlyList<ParkAndRideSite> Read(string path)
    {
        var nodes = new List<(long Id, ParkAndRideSite Site)>();
        var ways = new List<(long Id, string Name, long[] Refs)>();
        Scan(path, element =>
        {
            if (element.Tags is not { } tags || !IsParkAndRide(tags))
            {
                return;
            }

            var name = tags.TryGetValue("name", out var n) && n.Trim().Length is > 0 and <= 200 ? n.Trim() : null;
            switch (element)
            {
                case Node { Latitude: { } lat, Longitude: { } lon } node when lat is >= -90 and <= 90 && lon is >= -180 and <= 180:
                    nodes.Add((node.Id ?? 0, new ParkAndRideSite(name ?? $"P+R node {node.Id}", lat, lon)));
                    break;
                case Way { Nodes: { Length: > 0 } refs } way:
                    ways.Add((way.Id ?? 0, name ?? $"P+R way {way.Id}", refs));
                    break;
            }
        });

        var sites = nodes.OrderBy(n => n.Id).Select(n => n.Site).ToList();
        if (ways.Count > 0)
        {
            var wanted = ways.SelectMany(w => w.Refs).ToHashSet();
            var positions = new Dictionary<long, (double Lat, double Lon)>();
            Scan(path, element =>
            {
                if (element is Node { Id: { } id, Latitude: { } lat, Longitude: { } lon } && wanted.Contains(id))
                {
                    positions[id] = (lat, lon);
                }
            });
            foreach (var (_, name, refs) in ways.OrderBy(w => w.Id))
            {
                var points = refs.Distinct().Where(positions.ContainsKey).Select(r => positions[r]).ToList();
                if (points.Count > 0)
                {
                    // Centroid of the outline's vertices: inside any convex car park, good enough for a routing target.
                    sites.Add(new ParkAndRideSite(name, points.Average(p => p.Lat), points.Average(p => p.Lon)));
                }
            }
        }

        return sites.Count > ParkAndRideSite.MaxSites ? throw new OsmFormatException($"{path}: more than {ParkAndRideSite.MaxSites} park-and-ride sites") : sites;
    }

    /// <summary>OSM wiki Key:park_ride: any value but "no" marks a car park for park-and-ride.</summary>
    public static bool IsParkAndRide(TagsCollectionBase tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        return tags.TryGetValue("amenity", out var amenity) && amenity == "parking"
            && tags.TryGetValue("park_ride", out var pr) && !string.IsNullOrWhiteSpace(pr) && !pr.Trim().Equals("no", StringComparison.OrdinalIgnoreCase);
    }

    private static void Scan(string path, Action<OsmGeo> visit)
    {
        if (!File.Exists(path))
        {
            throw new OsmFormatException($"{path}: file not found");
        }

        using var stream = File.OpenRead(path);
        var first = stream.ReadByte();
        while (first is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF)
        {
            first = stream.ReadByte();
        }

        stream.Position = 0;
        using OsmStreamSource source = first == '<' ? new XmlOsmStreamSource(stream) : new PBFOsmStreamSource(stream);
        try
        {
            foreach (var element in source)
            {
                visit(element);
            }
        }
        catch (Exception ex) when (ex is not OsmFormatException)
        {
            throw new OsmFormatException($"{Path.GetFileName(path)}: cannot read park-and-ride sites: {ex.Message}", ex);
        }
    }
}

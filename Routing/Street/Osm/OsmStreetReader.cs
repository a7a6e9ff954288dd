using OsmSharp;
using OsmSharp.Streams;
using OsmSharp.Tags;

namespace Mobility.Routing.Street.Osm;

/// <summary>
/// Reads an OSM extract (PBF or XML, through OsmSharp) into a <see cref="StreetNetworkBuilder"/> in one pass:
/// node positions, highway ways, and turn-restriction relations (no_* / only_*, via node) for cars.
/// A file that cannot be parsed, a node without a valid position, or a way without node list is rejected with an
/// <see cref="OsmFormatException"/> naming the file and the element.
/// </summary>
public static class OsmStreetReader
{
    public static StreetNetwork Load(string path, StreetBuildOptions? options = null)
    {
        var builder = new StreetNetworkBuilder(options);
        Read(path, builder);
        return builder.Build(Path.GetFileName(path));
    }

    public static void Read(string path, StreetNetworkBuilder builder)
    {
        if (!File.Exists(path))
        {
            throw new OsmFormatException($"{path}: file not found");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var stream = File.OpenRead(path);
        var xml = IsXml(stream, path);
        using OsmStreamSource source = xml ? new XmlOsmStreamSource(stream) : new PBFOsmStreamSource(stream);
        var name = Path.GetFileName(path);
        var last = "the start of the file";
        using var enumerator = source.GetEnumerator();
        while (true)
        {
            OsmGeo element;
            try
            {
                if (!enumerator.MoveNext())
                {
                    break;
                }

                element = enumerator.Current;
            }
            catch (Exception ex) when (ex is not OsmFormatException)
            {
                throw new OsmFormatException($"{name}: cannot read {(xml ? "OSM XML" : "OSM PBF")} after {last}: {ex.Message}", ex);
            }

            last = Describe(element);
            try
            {
                Add(element, builder);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                throw new OsmFormatException($"{name}: {last}: {ex.Message}", ex);
            }
        }

        if (builder.WayCount == 0)
        {
            throw new OsmFormatException($"{name}: no routable highway way (read up to {last})");
        }

        builder.ReadTime = System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    private static void Add(OsmGeo element, StreetNetworkBuilder builder)
    {
        switch (element)
        {
            case Node node:
                if (node.Id is null || node.Latitude is null || node.Longitude is null)
                {
                    throw new InvalidOperationException("node without id or position");
                }

                builder.AddNode(node.Id.Value, node.Latitude.Value, node.Longitude.Value);
                if (node.Tags is not null && node.Tags.TryGetValue("highway", out var highway) && highway == "traffic_signals")
                {
                    builder.AddTrafficSignal(node.Id.Value);
                }

                break;
            case Way way:
                if (way.Id is null || way.Nodes is null)
                {
                    throw new InvalidOperationException("way without id or node list");
                }

                if (way.Tags is not null && way.Tags.ContainsKey("highway"))
                {
                    var tags = way.Tags;
                    builder.AddWay(way.Id.Value, way.Nodes, key => tags.TryGetValue(key, out var v) ? v : null);
                }

                break;
            case Relation relation:
                AddRestriction(relation, builder);
                break;
        }
    }

    /// <summary>OSM wiki Relation:restriction: members from (way), via (node), to (way); restriction[:motorcar] value.</summary>
    private static void AddRestriction(Relation relation, StreetNetworkBuilder builder)
    {
        var tags = relation.Tags;
        if (tags is null || relation.Id is null || relation.Members is null || !tags.TryGetValue("type", out var type) || type != "restriction")
        {
            return;
        }

        var value = Tag(tags, "restriction") ?? Tag(tags, "restriction:motorcar") ?? Tag(tags, "restriction:motor_vehicle");
        var except = Tag(tags, "except");
        if (value is null || except is not null && (except.Contains("motorcar", StringComparison.Ordinal) || except.Contains("motor_vehicle", StringComparison.Ordinal)))
        {
            return;
        }

        TurnRestrictionKind kind;
        if (value.StartsWith("no_", StringComparison.Ordinal))
        {
            kind = TurnRestrictionKind.No;
        }
        else if (value.StartsWith("only_", StringComparison.Ordinal))
        {
            kind = TurnRestrictionKind.Only;
        }
        else
        {
            return;
        }

        var vias = relation.Members.Where(m => m.Role == "via").ToList();
        if (vias.Count != 1 || vias[0].Type != OsmGeoType.Node)
        {
            return; // via-way restrictions are not supported (documented).
        }

        foreach (var from in relation.Members.Where(m => m.Role == "from" && m.Type == OsmGeoType.Way))
        {
            foreach (var to in relation.Members.Where(m => m.Role == "to" && m.Type == OsmGeoType.Way))
            {
                builder.AddTurnRestriction(new TurnRestriction(relation.Id.Value, from.Id, vias[0].Id, to.Id, kind));
            }
        }
    }

    private static string? Tag(TagsCollectionBase tags, string key) => tags.TryGetValue(key, out var v) ? v : null;

    private static string Describe(OsmGeo element) => $"{element.Type.ToString().ToLowerInvariant()} {element.Id}";

    private static bool IsXml(Stream stream, string path)
    {
        if (path.EndsWith(".pbf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (path.EndsWith(".osm", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var first = stream.ReadByte();
        stream.Position = 0;
        return first == '<';
    }
}

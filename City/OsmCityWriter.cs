using OsmSharp;
using OsmSharp.Streams;
using OsmSharp.Tags;

namespace Mobility.City;

/// <summary>
/// Streams the street grid to an OSM PBF file: all nodes in id order, then ways, then relations (the order the OSM
/// PBF format expects and routers rely on). Nothing but the flat grid arrays is held in memory.
/// </summary>
internal sealed partial class OsmCityWriter
{
    // PBF writers need the metadata fields; fixed values keep the file identical for a seed.
    private const string User = "mobility-city";
    private static readonly DateTime Epoch = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly StreetGrid _g;
    private readonly OsmStreamTarget _target;
    private readonly long[] _hFirst;
    private readonly long[] _vFirst;
    private readonly int _k;
    private readonly HashSet<int> _restrictionVias;
    private readonly Dictionary<int, long[]> _arms = [];
    private readonly Action<double>? _progress;
    private readonly bool _pbf;
    private long _nextWayId = 1;
    private long _nodeCount;
    private long _wayCount;
    private long _relationCount;
    private long _cycleFirst;
    private long _riverFirst;
    private int _riverCount;
    private long _parkFirst;
    private long _islandFirst;
    private int _islandColumn;
    private long _totalNodes;
    private long _parkRideFirst;
    private List<(int Intersection, string Name, string Kind)> _parkRides = [];

    private OsmCityWriter(StreetGrid grid, OsmStreamTarget target, Action<double>? progress)
    {
        _pbf = target is PBFOsmStreamTarget;
        _g = grid;
        _target = target;
        _progress = progress;
        _k = grid.Spec.ShapeNodesPerSegment;
        _hFirst = new long[grid.H.Length];
        _vFirst = new long[grid.V.Length];
        _restrictionVias = ChooseRestrictionVias();
        AssignIds();
    }

    /// <summary>Writes the network as OSM PBF (zlib-compressed blobs) to <paramref name="output"/>.</summary>
    public static OsmStats WritePbf(StreetGrid grid, Stream output, Action<double>? progress = null)
    {
        var target = new PBFOsmStreamTarget(output, compress: true);
        return Write(grid, target, progress);
    }

    /// <summary>Writes the network as OSM XML; meant for small cities that a person reads or an editor opens.</summary>
    public static OsmStats WriteXml(StreetGrid grid, Stream output, Action<double>? progress = null)
    {
        var target = new XmlOsmStreamTarget(output);
        return Write(grid, target, progress);
    }

    private static OsmStats Write(StreetGrid grid, OsmStreamTarget target, Action<double>? progress)
    {
        var writer = new OsmCityWriter(grid, target, progress);
        target.Initialize();
        writer.WriteNodes();
        writer.WriteWays();
        writer.WriteRelations();
        target.Flush();
        target.Close();
        progress?.Invoke(1.0);
        return new OsmStats(writer._nodeCount, writer._wayCount, writer._relationCount);
    }

    /// <summary>The node id of intersection q; shape and feature nodes follow all intersections.</summary>
    public static long IntersectionId(int q) => q + 1L;

    private void AssignIds()
    {
        var next = (long)_g.NodesX * _g.NodesY + 1;
        for (var h = 0; h < _g.H.Length; h++)
        {
            _hFirst[h] = next;
            next += _g.H[h] == StreetClass.None ? 0 : _k;
        }

        for (var v = 0; v < _g.V.Length; v++)
        {
            _vFirst[v] = next;
            next += _g.V[v] == StreetClass.None ? 0 : _k;
        }

        _cycleFirst = next;
        next += _g.NodesX;
        _riverFirst = next;
        _riverCount = (int)Math.Ceiling(((2 * _g.HalfWidth()) + (4 * _g.Block)) / (_g.Block / 2)) + 1;
        next += _riverCount;
        _parkFirst = next;
        next += 4;
        _islandFirst = next;
        next += IslandPolygonNodes + IslandStreetNodes;
        _parkRides = ChooseParkRides();
        _parkRideFirst = next;
        next += 4 * _parkRides.Count;
        _totalNodes = next - 1;
        _islandColumn = ChooseIslandColumn();
    }

    private HashSet<int> ChooseRestrictionVias()
    {
        var vias = new HashSet<int>();
        var candidates = new List<int>();
        for (var j = 1; j < _g.Rows; j++)
        {
            if (_g.LineClass(j, true) == StreetClass.Residential)
            {
                continue;
            }

            for (var i = 1; i < _g.Columns; i++)
            {
                if (_g.LineClass(i, false) == StreetClass.Residential)
                {
                    continue;
                }

                var q = _g.Intersection(i, j);
                candidates.Add(q);
                if (CityRandom.Chance(_g.Seed, RandomStream.Restriction, q, 0.12))
                {
                    vias.Add(q);
                }
            }
        }

        // At least two, so that every city exercises both restriction kinds.
        foreach (var q in candidates)
        {
            if (vias.Count >= 2)
            {
                break;
            }

            vias.Add(q);
        }

        return vias;
    }

    private void Report()
    {
        if (_progress is not null && (_nodeCount & 0xFFFF) == 0)
        {
            _progress(0.8 * _nodeCount / Math.Max(1, _totalNodes));
        }
    }

    private void AddNode(long id, GeoPoint p, TagsCollection? tags = null)
    {
        _target.AddNode(new Node
        {
            Id = id,
            Latitude = _pbf ? PbfSafe(p.LatE7) : p.Latitude,
            Longitude = _pbf ? PbfSafe(p.LonE7) : p.Longitude,
            Version = 1,
            Visible = true,
            ChangeSetId = 1,
            TimeStamp = Epoch,
            UserId = 1,
            UserName = User,
            Tags = tags,
        });
        _nodeCount++;
        Report();
    }

    /// <summary>
    /// OsmSharp's PBF encoder truncates degrees / granularity towards zero, so 4.8311122 (stored as 4.83111219999...)
    /// would lose its last unit. A quarter unit away from zero survives both truncation and rounding.
    /// </summary>
    private static double PbfSafe(int e7) => (e7 + (0.25 * Math.Sign(e7))) / 1e7;

    private long AddWay(IReadOnlyList<long> nodes, TagsCollection tags)
    {
        var id = _nextWayId++;
        _target.AddWay(new Way { Id = id, Nodes = [.. nodes], Tags = tags, Version = 1, Visible = true, ChangeSetId = 1, TimeStamp = Epoch, UserId = 1, UserName = User });
        _wayCount++;
        return id;
    }

    private static TagsCollection Tags(params (string Key, string Value)[] tags)
    {
        var collection = new TagsCollection();
        foreach (var (key, value) in tags)
        {
            collection.Add(key, value);
        }

        return collection;
    }
}

/// <summary>Element counts of the written OSM file.</summary>
public sealed record OsmStats(long Nodes, long Ways, long Relations);

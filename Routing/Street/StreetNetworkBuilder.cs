using Mobility.Routing.Street.Graph;
using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Street;

/// <summary>
/// Collects nodes, highway ways and turn restrictions (from OSM or a generator) and builds an immutable
/// <see cref="StreetNetwork"/>. Not thread-safe; use once.
/// </summary>
public sealed class StreetNetworkBuilder
{
    private readonly StreetBuildOptions _options;
    private readonly Dictionary<long, int> _nodeIndex = [];
    private readonly List<int> _lat = [];
    private readonly List<int> _lon = [];
    private readonly List<long> _nodeIds = [];
    private readonly List<long> _wayRefs = [];
    private readonly List<int> _wayFirst = [0];
    private readonly List<long> _wayIds = [];
    private readonly List<WayAccess> _wayAccess = [];
    private readonly List<TurnRestriction> _restrictions = [];
    private readonly HashSet<long> _signals = [];

    // Named ways (OSM name): the way's node references, for a point to search the name by.
    private readonly Dictionary<string, (int First, int End)> _names = new(StringComparer.Ordinal);

    public StreetNetworkBuilder(StreetBuildOptions? options = null) => _options = options ?? StreetBuildOptions.Default;

    public StreetBuildOptions Options => _options;

    /// <summary>Time spent reading the source, reported with the build (set by readers).</summary>
    public TimeSpan ReadTime { get; set; }

    public int WayCount => _wayIds.Count;

    /// <summary>Adds a node position; a repeated id keeps the last position.</summary>
    public void AddNode(long id, double lat, double lon)
    {
        if (!double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(lat), $"node {id}: coordinates ({lat}, {lon}) are outside WGS84 range");
        }

        if (_nodeIndex.TryGetValue(id, out var index))
        {
            _lat[index] = GeoCoordinate.ToFixed(lat);
            _lon[index] = GeoCoordinate.ToFixed(lon);
            return;
        }

        _nodeIndex.Add(id, _lat.Count);
        _lat.Add(GeoCoordinate.ToFixed(lat));
        _lon.Add(GeoCoordinate.ToFixed(lon));
        _nodeIds.Add(id);
    }

    /// <summary>Adds a way when its tags make it usable by some profile; returns whether it was kept.</summary>
    public bool AddWay(long id, IReadOnlyList<long> nodeIds, Func<string, string?> tag)
    {
        var access = OsmWayRules.Evaluate(tag, _options);
        if (!access.Any || nodeIds.Count < 2)
        {
            return false;
        }

        var first = _wayRefs.Count;
        AddWay(id, nodeIds, access);
        if (tag("name") is { Length: > 0 and <= 128 } name && (!_names.TryGetValue(name, out var known) || known.End - known.First < nodeIds.Count))
        {
            _names[name] = (first, _wayRefs.Count); // The longest way of a name stands for it.
        }

        return true;
    }

    /// <summary>Adds a way with access already decided (generators use this).</summary>
    public void AddWay(long id, IReadOnlyList<long> nodeIds, WayAccess access)
    {
        for (var i = 0; i < nodeIds.Count; i++)
        {
            _wayRefs.Add(nodeIds[i]);
        }

        _wayFirst.Add(_wayRefs.Count);
        _wayIds.Add(id);
        _wayAccess.Add(access);
    }

    public void AddTurnRestriction(TurnRestriction restriction) => _restrictions.Add(restriction);

    /// <summary>Marks a node as a traffic signal (OSM highway=traffic_signals): cars passing it lose
    /// <see cref="StreetBuildOptions.TrafficSignalSeconds"/>.</summary>
    public void AddTrafficSignal(long nodeId) => _signals.Add(nodeId);

    /// <summary>Each street name at the middle node of its longest way (for searching places by street name).</summary>
    private Dictionary<string, GeoCoordinate> NamePoints()
    {
        var points = new Dictionary<string, GeoCoordinate>(StringComparer.Ordinal);
        foreach (var (name, (first, end)) in _names)
        {
            if (_nodeIndex.TryGetValue(_wayRefs[first + ((end - first) / 2)], out var node))
            {
                points[name] = GeoCoordinate.FromFixed(_lat[node], _lon[node]);
            }
        }

        return points;
    }

    /// <summary>Builds the network: geometry, one graph per profile, components, snapping index, contraction.</summary>
    public StreetNetwork Build(string sourceName = "memory")
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var geometry = GeometryBuilder.Build(
            _nodeIndex, [.. _lat], [.. _lon], [.. _nodeIds], [.. _wayRefs], [.. _wayFirst], [.. _wayIds], [.. _wayAccess],
            _restrictions, _signals, out var missing);

        var graphs = new ProfileGraph[StreetProfiles.Count];
        var applied = 0;
        var skipped = 0;
        foreach (var profile in StreetProfiles.All)
        {
            var restrictions = profile == StreetProfile.Car ? _restrictions : [];
            var signalMs = profile == StreetProfile.Car ? (int)Math.Round(_options.TrafficSignalSeconds * 1000) : 0;
            graphs[(int)profile] = ProfileGraphBuilder.Build(geometry, profile, restrictions, _options.MainComponentShare, signalMs, out var a, out var s);
            applied += a;
            skipped += s;
        }

        var network = new StreetNetwork(geometry, graphs, _options);
        if (_options.CarTurnCosts)
        {
            network.TurnGraph = Turns.TurnGraphBuilder.Build(geometry, graphs[(int)StreetProfile.Car], _options);
        }

        var contraction = new Dictionary<StreetProfile, TimeSpan>();
        var contractionCpu = new Dictionary<StreetProfile, TimeSpan>();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        foreach (var profile in _options.ContractedProfiles.Distinct())
        {
            var chStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            process.Refresh();
            var cpuStarted = process.TotalProcessorTime;

            // With turn costs the car's routes run on its turn graph, so that graph is the one contracted.
            if (network.Turns(profile) is { } turns)
            {
                turns.Hierarchy = Contraction.ContractionBuilder.Build(turns.Arcs);
            }
            else
            {
                network.SetHierarchy(profile, Contraction.ContractionBuilder.Build(graphs[(int)profile]));
            }

            contraction[profile] = System.Diagnostics.Stopwatch.GetElapsedTime(chStarted);
            process.Refresh();
            contractionCpu[profile] = process.TotalProcessorTime - cpuStarted;
        }

        network.Names = NamePoints();
        network.Report = new StreetBuildReport
        {
            Source = sourceName,
            ReadTime = ReadTime,
            BuildTime = System.Diagnostics.Stopwatch.GetElapsedTime(started),
            StreetNodes = geometry.NodeCount,
            GeometryEdges = geometry.EdgeCount,
            GraphEdges = StreetProfiles.All.ToDictionary(p => p, p => graphs[(int)p].EdgeCount),
            MainComponentNodes = StreetProfiles.All.ToDictionary(p => p, p => graphs[(int)p].InMain.Count(x => x)),
            ContractionTime = contraction,
            ContractionCpuTime = contractionCpu,
            TurnRestrictionsApplied = applied,
            TrafficSignals = geometry.NodeSignal.Count(x => x),
            TurnArcs = network.TurnGraph?.Arcs.EdgeCount ?? 0,
            TurnRestrictionsSkipped = skipped,
            MissingNodeReferences = missing,
            Bytes = network.Bytes,
        };
        return network;
    }
}

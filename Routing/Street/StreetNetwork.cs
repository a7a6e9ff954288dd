using Mobility.Routing.Street.Contraction;
using Mobility.Routing.Street.Graph;
using Mobility.Routing.Street.Osm;
using Mobility.Routing.Street.Search;
using Mobility.Routing.Street.Snapping;
using Mobility.Routing.Street.Turns;

namespace Mobility.Routing.Street;

/// <summary>
/// The street network of a territory: shared geometry, one directed graph per profile (walk, bike, car; car with
/// turn restrictions), the main component of each, a snapping grid and contraction hierarchies. Built once by
/// <see cref="StreetNetworkBuilder"/> or <see cref="Load"/>, then immutable: every query method is safe to call from
/// many threads at once (each thread reuses its own search arrays).
/// </summary>
public sealed class StreetNetwork
{
    private readonly ProfileGraph[] _graphs;
    private readonly ContractionHierarchy?[] _hierarchies = new ContractionHierarchy?[StreetProfiles.Count];
    private readonly bool[][] _usable;
    private readonly Func<int, bool>[] _usableTest;
    private readonly EdgeGrid _grid;
    private readonly double[] _maxSpeed = new double[StreetProfiles.Count];
    private readonly bool[][] _mainPart = new bool[StreetProfiles.Count][];

    internal StreetNetwork(StreetGeometry geometry, ProfileGraph[] graphs, StreetBuildOptions options)
    {
        Geometry = geometry;
        _graphs = graphs;
        Options = options;
        _usable = new bool[StreetProfiles.Count][];
        _usableTest = new Func<int, bool>[StreetProfiles.Count];
        foreach (var profile in StreetProfiles.All)
        {
            var graph = graphs[(int)profile];
            var usable = new bool[geometry.EdgeCount];
            for (var e = 0; e < graph.EdgeCount; e++)
            {
                if (graph.InMain[graph.Tail[e]] && graph.InMain[graph.Head[e]])
                {
                    usable[graph.GeoDir[e] >> 1] = true;
                }
            }

            _usable[(int)profile] = usable;
            var parts = graph.Component.Length == 0 ? 0 : graph.Component.Max() + 1;
            var main = new bool[parts];
            for (var v = 0; v < graph.NodeCount; v++)
            {
                main[graph.Component[v]] |= graph.InMain[v];
            }

            _mainPart[(int)profile] = main;
            _usableTest[(int)profile] = g => usable[g];
        }

        _grid = new EdgeGrid(geometry);
        Report = null!;
    }

    /// <summary>Reads an OSM file (.osm.pbf or .osm XML) and builds the network.</summary>
    public static StreetNetwork Load(string osmPath, StreetBuildOptions? options = null) => OsmStreetReader.Load(osmPath, options);

    public StreetBuildOptions Options { get; }

    /// <summary>Build time, sizes and memory of this network.</summary>
    public StreetBuildReport Report { get; internal set; }

    /// <summary>Street names (OSM <c>name</c> of the ways read), each at a point of its longest way; empty for generated graphs.</summary>
    public IReadOnlyDictionary<string, GeoCoordinate> Names { get; internal set; } = new Dictionary<string, GeoCoordinate>();

    public int NodeCount => Geometry.NodeCount;

    internal StreetGeometry Geometry { get; }

    public long NodeOsmId(int node) => Geometry.NodeOsmId[node];

    public GeoCoordinate NodeCoordinate(int node) => GeoCoordinate.FromFixed(Geometry.NodeLat[node], Geometry.NodeLon[node]);

    public bool HasContraction(StreetProfile profile) =>
        _hierarchies[(int)profile] is not null || (Turns(profile) is { } turns && turns.Hierarchy is not null);

    /// <summary>Whether car routes pay for their turns (<see cref="StreetBuildOptions.CarTurnCosts"/>).</summary>
    public bool HasTurnCosts => TurnGraph is not null;

    /// <summary>The car's edge-based graph when turn costs are modelled; null otherwise.</summary>
    internal TurnGraph? TurnGraph { get; set; }

    /// <summary>The turn graph that answers the profile's routes (car with turn costs), or null for the plain graph.</summary>
    internal TurnGraph? Turns(StreetProfile profile) => profile == StreetProfile.Car ? TurnGraph : null;

    /// <summary>
    /// The highest speed of any edge of the profile's graph, in m/s (length over weight). A straight-line distance over
    /// it is a lower bound of any path's time on that graph, which lets a planner rule out far places without a search.
    /// </summary>
    public double MaxSpeedMps(StreetProfile profile)
    {
        var known = _maxSpeed[(int)profile];
        if (known > 0)
        {
            return known;
        }

        var graph = _graphs[(int)profile];
        var max = 0.0;
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            if (graph.Weight[e] > 0)
            {
                max = Math.Max(max, graph.GeoLength[graph.GeoDir[e] >> 1] * 1000.0 / graph.Weight[e]);
            }
        }

        _maxSpeed[(int)profile] = max;
        return max;
    }

    internal ProfileGraph Graph(StreetProfile profile) => _graphs[(int)profile];

    internal ContractionHierarchy? Hierarchy(StreetProfile profile) => _hierarchies[(int)profile];

    internal void SetHierarchy(StreetProfile profile, ContractionHierarchy hierarchy) => _hierarchies[(int)profile] = hierarchy;

    internal bool Usable(StreetProfile profile, int geometryEdge) => _usable[(int)profile][geometryEdge];

    /// <summary>Bytes held by the flat arrays (geometry, graphs, snapping grid, hierarchies, the car's turn graph).</summary>
    public long Bytes =>
        Geometry.Bytes + _graphs.Sum(g => g.Bytes) + _grid.Bytes + _hierarchies.Sum(h => h?.Bytes ?? 0) + (TurnGraph?.Bytes ?? 0);

    /// <summary>
    /// Snaps a position to the nearest point of the nearest edge usable by the profile and part of its main
    /// (largest strongly connected) network, so that the point can reach and be reached from everywhere else.
    /// Returns null when no such edge lies within <paramref name="maxMeters"/> (default from the build options).
    /// </summary>
    public StreetSnap? Snap(double lat, double lon, StreetProfile profile, double? maxMeters = null)
    {
        var found = _grid.Nearest(lat, lon, maxMeters ?? Options.MaxSnapDistanceMeters, _usableTest[(int)profile]);
        return found.Edge < 0
            ? null
            : new StreetSnap(profile, found.Edge, found.Fraction, GeoCoordinate.FromFixed(found.Lat, found.Lon), found.Meters);
    }

    /// <summary>
    /// Snaps a position to the nearest edge of the profile's graph in any connected part, islands included, or only in
    /// the parts <paramref name="acceptPart"/> accepts (a part is a strongly connected component, see
    /// <see cref="PartOf"/>). A planner that links across parts by other means (a straight-line walk) uses this so that
    /// a stop or a place beside a small or cut-off part of the extract is still served by it.
    /// </summary>
    public StreetSnap? SnapToPart(double lat, double lon, StreetProfile profile, double maxMeters, Func<int, bool>? acceptPart = null)
    {
        var graph = _graphs[(int)profile];
        var found = _grid.Nearest(lat, lon, maxMeters, g =>
            graph.GeoFirst[g] < graph.GeoFirst[g + 1] && (acceptPart is null || acceptPart(PartOfEdge(graph, g))));
        return found.Edge < 0
            ? null
            : new StreetSnap(profile, found.Edge, found.Fraction, GeoCoordinate.FromFixed(found.Lat, found.Lon), found.Meters);
    }

    /// <summary>
    /// The connected part (strongly connected component of the profile's graph) a snapped point lies in. Two snapped
    /// points of the same part reach each other on the street graph; points of different parts never do, so a search
    /// between them is not worth running.
    /// </summary>
    public int PartOf(StreetSnap snap) => PartOfEdge(_graphs[(int)snap.Profile], snap.Edge);

    /// <summary>Number of connected parts of the profile's graph; part ids are 0 .. count-1.</summary>
    public int PartCount(StreetProfile profile) => _mainPart[(int)profile].Length;

    /// <summary>Whether a part belongs to the main network (see <see cref="StreetBuildOptions.MainComponentShare"/>).</summary>
    public bool IsMainPart(StreetProfile profile, int part) => part >= 0 && part < _mainPart[(int)profile].Length && _mainPart[(int)profile][part];

    // The part of the head of the edge's first graph edge: for walking both directions exist and agree; for a one-way
    // edge joining two parts, the head is where a point on it can go on to.
    private static int PartOfEdge(ProfileGraph graph, int geometryEdge) =>
        graph.GeoFirst[geometryEdge] < graph.GeoFirst[geometryEdge + 1]
            ? graph.Component[graph.Head[graph.GeoEdges[graph.GeoFirst[geometryEdge]]]]
            : -1;

    /// <summary>The fastest path between two snapped points of the same profile, or null when there is none.</summary>
    public StreetPath? Route(StreetSnap from, StreetSnap to, StreetAlgorithm algorithm = StreetAlgorithm.Auto) =>
        StreetRouter.Route(this, from, to, algorithm);

    /// <summary>Snaps both positions and routes between them; null when either does not snap or no path exists.</summary>
    public StreetPath? Route(GeoCoordinate from, GeoCoordinate to, StreetProfile profile)
    {
        var a = Snap(from.Lat, from.Lon, profile);
        var b = Snap(to.Lat, to.Lon, profile);
        return a is null || b is null ? null : Route(a.Value, b.Value);
    }

    /// <summary>
    /// Durations and distances from one snapped point to many (access, egress, stop-to-stop footpaths), with a plain
    /// Dijkstra bounded by <paramref name="maxDuration"/>; targets farther than that are reported unreached.
    /// </summary>
    public StreetReach[] OneToMany(StreetSnap from, IReadOnlyList<StreetSnap> targets, TimeSpan maxDuration) =>
        StreetRouter.OneToMany(this, from, targets, maxDuration);

    /// <summary>One <see cref="OneToMany"/> per source: result[i][j] is from sources[i] to targets[j].</summary>
    public StreetReach[][] ManyToMany(IReadOnlyList<StreetSnap> sources, IReadOnlyList<StreetSnap> targets, TimeSpan maxDuration) =>
        [.. sources.Select(s => OneToMany(s, targets, maxDuration))];
}

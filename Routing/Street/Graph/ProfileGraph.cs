namespace Mobility.Routing.Street.Graph;

/// <summary>
/// The directed graph of one profile in compressed sparse row form. Nodes are street nodes (junctions and way ends);
/// for the car profile, nodes at restricted junctions are split into one copy per incoming edge so that a turn
/// restriction becomes plain graph structure that every search (Dijkstra, CH) respects identically.
/// Weights are milliseconds. Immutable after construction.
/// </summary>
internal sealed class ProfileGraph
{
    public required StreetProfile Profile { get; init; }

    public required int NodeCount { get; init; }

    /// <summary>Street node of each graph node (differs from identity only for split copies).</summary>
    public required int[] StreetNode { get; init; }

    /// <summary>Out-edges of node n are FirstOut[n] .. FirstOut[n+1]-1.</summary>
    public required int[] FirstOut { get; init; }

    public required int[] Head { get; init; }

    public required int[] Tail { get; init; }

    public required int[] Weight { get; init; }

    /// <summary>Geometry edge * 2, plus 1 when the edge runs against the geometry's node order.</summary>
    public required int[] GeoDir { get; init; }

    /// <summary>In-edges of node n are InEdge[FirstIn[n] .. FirstIn[n+1]-1], as forward edge ids.</summary>
    public required int[] FirstIn { get; init; }

    public required int[] InEdge { get; init; }

    /// <summary>Graph edges derived from geometry edge g: GeoEdges[GeoFirst[g] .. GeoFirst[g+1]-1].</summary>
    public required int[] GeoFirst { get; init; }

    public required int[] GeoEdges { get; init; }

    /// <summary>Length in metres of each geometry edge (shared with <see cref="StreetGeometry"/>).</summary>
    public required float[] GeoLength { get; init; }

    /// <summary>True for nodes of the main network (strongly connected components that are not islands).</summary>
    public required bool[] InMain { get; init; }

    /// <summary>Strongly connected component of each node; two nodes reach each other iff equal.</summary>
    public required int[] Component { get; init; }

    public int EdgeCount => Head.Length;

    private readonly ThreadLocal<Search.QueryContext> _contexts;

    public ProfileGraph() => _contexts = new ThreadLocal<Search.QueryContext>(() => new Search.QueryContext(NodeCount));

    /// <summary>The calling thread's search state: arrays sized once per thread, never per query.</summary>
    public Search.QueryContext Context => _contexts.Value!;

    public long Bytes =>
        (4L * (StreetNode.Length + FirstOut.Length + Head.Length + Tail.Length + Weight.Length + GeoDir.Length
               + FirstIn.Length + InEdge.Length + GeoFirst.Length + GeoEdges.Length + Component.Length)) + InMain.Length;
}

using System.Runtime.InteropServices;
using Mobility.Routing.Street.Contraction;
using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Search;

/// <summary>Point-to-point routes and one-to-many searches between snapped points, and the path they produce.</summary>
internal static class StreetRouter
{
    [ThreadStatic]
    private static List<Seed>? t_sources;

    [ThreadStatic]
    private static List<Seed>? t_targets;

    public static StreetPath? Route(StreetNetwork network, StreetSnap from, StreetSnap to, StreetAlgorithm algorithm)
    {
        if (from.Profile != to.Profile)
        {
            throw new ArgumentException($"Snaps of different profiles ({from.Profile}, {to.Profile}) cannot be routed together.", nameof(to));
        }

        if (network.Turns(from.Profile) is { } turns)
        {
            return Turns.TurnRouter.Route(network, turns, from, to, algorithm);
        }

        var graph = network.Graph(from.Profile);
        var sources = t_sources ??= [];
        var targets = t_targets ??= [];
        SourceSeeds(graph, from, sources);
        TargetSeeds(graph, to, targets);
        var edges = new List<int>();
        var (cost, first, last) = Search(network.Hierarchy(graph.Profile), graph, CollectionsMarshal.AsSpan(sources), CollectionsMarshal.AsSpan(targets), algorithm, edges, out _);
        var direct = DirectCost(graph, from, to, out var directEdge);
        if (direct <= cost && directEdge >= 0)
        {
            return PathBuilder.Direct(network, graph, from, to, direct, directEdge);
        }

        return cost == SearchSpace.Unreached ? null : PathBuilder.Build(network, graph, from, to, cost, first, edges, last);
    }

    /// <summary>Node-to-node cost (tests and benchmarks): the same searches with single-node seeds.</summary>
    internal static int NodeCost(StreetNetwork network, StreetProfile profile, int source, int target, StreetAlgorithm algorithm)
    {
        if (network.Turns(profile) is { } turns)
        {
            return Turns.TurnRouter.NodeCost(turns, source, target, algorithm);
        }

        var graph = network.Graph(profile);
        ReadOnlySpan<Seed> s = [new Seed(source, 0, 0, SearchSpace.NoParent)];
        ReadOnlySpan<Seed> t = [new Seed(target, 0, 0, SearchSpace.NoParent)];
        return Search(network.Hierarchy(profile), graph, s, t, algorithm, null, out _).Cost;
    }

    /// <summary>
    /// Runs the chosen search between seeds on a graph (a profile graph, or the car's turn graph) and, when
    /// <paramref name="edges"/> is given, appends the path's graph edges in travel order. Returns the cost and the
    /// source and target seed edges (-1 for a seed without one); <paramref name="end"/> is the graph node the path ends
    /// at (-1 when nothing was reached or no path was asked for).
    /// </summary>
    internal static (int Cost, int FirstSeedEdge, int LastSeedEdge) Search(
        ContractionHierarchy? ch, ProfileGraph graph, ReadOnlySpan<Seed> sources, ReadOnlySpan<Seed> targets, StreetAlgorithm algorithm, List<int>? edges, out int end)
    {
        var context = graph.Context;
        end = -1;
        if (algorithm == StreetAlgorithm.Auto)
        {
            algorithm = ch is null ? StreetAlgorithm.Bidirectional : StreetAlgorithm.Contraction;
        }

        int cost;
        int meet;
        switch (algorithm)
        {
            case StreetAlgorithm.Dijkstra:
                cost = Dijkstra.PointToPoint(graph, context.Forward, sources, targets, out var hit);
                if (cost == SearchSpace.Unreached || edges is null)
                {
                    return (cost, -1, -1);
                }

                end = targets[hit].Node;
                var firstSeed = ForwardChain(graph, context.Forward, targets[hit].Node, edges);
                return (cost, firstSeed, SeedEdge(targets[hit].Parent));
            case StreetAlgorithm.Bidirectional:
                cost = BidirectionalDijkstra.Query(graph, context, sources, targets, out meet);
                if (cost == SearchSpace.Unreached || edges is null)
                {
                    return (cost, -1, -1);
                }

                var first = ForwardChain(graph, context.Forward, meet, edges);
                var v = meet;
                while (context.Backward.Parent[v] >= 0)
                {
                    var e = context.Backward.Parent[v];
                    edges.Add(e);
                    v = graph.Head[e];
                }

                end = v;
                return (cost, first, SeedEdge(context.Backward.Parent[v]));
            case StreetAlgorithm.Contraction:
                if (ch is null)
                {
                    throw new InvalidOperationException($"No contraction hierarchy was built for {graph.Profile}.");
                }

                cost = ChQuery.Query(ch, context, sources, targets, out meet);
                if (cost == SearchSpace.Unreached || edges is null)
                {
                    return (cost, -1, -1);
                }

                var forwardSeed = ChUnpack.Forward(ch, context.Forward, meet, edges);
                return (cost, forwardSeed, ChUnpack.Backward(ch, context.Backward, meet, edges, out end));
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm));
        }
    }

    /// <summary>Appends the forward chain ending at <paramref name="node"/> in travel order; returns the seed edge or -1.</summary>
    internal static int ForwardChain(ProfileGraph graph, SearchSpace space, int node, List<int> edges)
    {
        var start = edges.Count;
        var v = node;
        while (space.Parent[v] >= 0)
        {
            var e = space.Parent[v];
            edges.Add(e);
            v = graph.Tail[e];
        }

        edges.Reverse(start, edges.Count - start);
        return SeedEdge(space.Parent[v]);
    }

    internal static int SeedEdge(int parent) => parent <= -2 ? -2 - parent : -1;

    public static StreetReach[] OneToMany(StreetNetwork network, StreetSnap from, IReadOnlyList<StreetSnap> targets, TimeSpan maxDuration)
    {
        if (network.Turns(from.Profile) is { } turns)
        {
            return Turns.TurnRouter.OneToMany(turns, from, targets, maxDuration);
        }

        var graph = network.Graph(from.Profile);
        var context = graph.Context;
        var sources = t_sources ??= [];
        SourceSeeds(graph, from, sources);
        var bound = (int)Math.Clamp(maxDuration.TotalMilliseconds, 0, int.MaxValue - 1);
        var marks = context.Targets;
        marks.Reset();
        var distinct = 0;
        foreach (var t in targets)
        {
            if (t.Profile != from.Profile)
            {
                throw new ArgumentException($"Target snapped for {t.Profile}, source for {from.Profile}.", nameof(targets));
            }

            for (var i = graph.GeoFirst[t.Edge]; i < graph.GeoFirst[t.Edge + 1]; i++)
            {
                var e = graph.GeoEdges[i];
                if (marks.Relax(graph.Tail[e], 0, SearchSpace.NoParent, 0))
                {
                    distinct++;
                }

                if (AtHead(graph, e, t) && marks.Relax(graph.Head[e], 0, SearchSpace.NoParent, 0))
                {
                    distinct++;
                }
            }
        }

        Dijkstra.Bounded(graph, context.Forward, CollectionsMarshal.AsSpan(sources), bound, marks, distinct);
        var result = new StreetReach[targets.Count];
        for (var j = 0; j < targets.Count; j++)
        {
            var t = targets[j];
            var best = (long)SearchSpace.Unreached;
            var length = 0.0;
            for (var i = graph.GeoFirst[t.Edge]; i < graph.GeoFirst[t.Edge + 1]; i++)
            {
                var e = graph.GeoEdges[i];
                var reached = context.Forward.CostOf(graph.Tail[e]);
                if (reached == SearchSpace.Unreached)
                {
                    continue;
                }

                var along = AlongFromTail(graph, e, t.Fraction);
                var cost = (long)reached + PartialCost(graph, e, along);
                if (cost < best)
                {
                    best = cost;
                    length = context.Forward.Length[graph.Tail[e]] + (along * graph.GeoLength[t.Edge]);
                }
            }

            for (var i = graph.GeoFirst[t.Edge]; i < graph.GeoFirst[t.Edge + 1]; i++)
            {
                var e = graph.GeoEdges[i];
                var atHead = AtHead(graph, e, t) ? context.Forward.CostOf(graph.Head[e]) : SearchSpace.Unreached;
                if (atHead != SearchSpace.Unreached && atHead < best)
                {
                    best = atHead;
                    length = context.Forward.Length[graph.Head[e]];
                }
            }

            var direct = DirectCost(graph, from, t, out var directEdge);
            if (directEdge >= 0 && direct <= best)
            {
                best = direct;
                length = Math.Abs(t.Fraction - from.Fraction) * graph.GeoLength[t.Edge];
            }

            result[j] = best <= bound ? new StreetReach(true, TimeSpan.FromMilliseconds(best), length) : StreetReach.Unreached;
        }

        return result;
    }

    /// <summary>Whether a snapped point stands on the head junction of graph edge e (see <see cref="JunctionMeters"/>).</summary>
    private static bool AtHead(ProfileGraph graph, int e, StreetSnap snap) =>
        (1 - AlongFromTail(graph, e, snap.Fraction)) * graph.GeoLength[snap.Edge] <= JunctionMeters;

    /// <summary>Fraction of graph edge e between its tail and the snapped position.</summary>
    internal static double AlongFromTail(ProfileGraph graph, int e, double fraction) =>
        (graph.GeoDir[e] & 1) == 0 ? fraction : 1 - fraction;

    internal static int PartialCost(ProfileGraph graph, int e, double along) => (int)Math.Round(along * graph.Weight[e]);

    /// <summary>A snapped point this close to an end of its edge stands on that junction.</summary>
    internal const double JunctionMeters = 0.5;

    private static void SourceSeeds(ProfileGraph graph, StreetSnap snap, List<Seed> seeds)
    {
        seeds.Clear();
        for (var i = graph.GeoFirst[snap.Edge]; i < graph.GeoFirst[snap.Edge + 1]; i++)
        {
            var e = graph.GeoEdges[i];
            var along = AlongFromTail(graph, e, snap.Fraction);
            var rest = 1 - along;
            seeds.Add(new Seed(graph.Head[e], PartialCost(graph, e, rest), (float)(rest * graph.GeoLength[snap.Edge]), -2 - e));

            // A point on a junction starts from the junction itself, not only along the edge it snapped to (which may
            // be one-way away from it, forcing the route down that street).
            if (along * graph.GeoLength[snap.Edge] <= JunctionMeters)
            {
                seeds.Add(new Seed(graph.Tail[e], 0, 0, SearchSpace.NoParent));
            }
        }
    }

    private static void TargetSeeds(ProfileGraph graph, StreetSnap snap, List<Seed> seeds)
    {
        seeds.Clear();
        for (var i = graph.GeoFirst[snap.Edge]; i < graph.GeoFirst[snap.Edge + 1]; i++)
        {
            var e = graph.GeoEdges[i];
            var along = AlongFromTail(graph, e, snap.Fraction);
            seeds.Add(new Seed(graph.Tail[e], PartialCost(graph, e, along), (float)(along * graph.GeoLength[snap.Edge]), -2 - e));

            // A point on a junction is reached on arriving at the junction by any street.
            if ((1 - along) * graph.GeoLength[snap.Edge] <= JunctionMeters)
            {
                seeds.Add(new Seed(graph.Head[e], 0, 0, SearchSpace.NoParent));
            }
        }
    }

    /// <summary>Cost of going straight along the shared edge when both points lie on it in a usable direction.</summary>
    internal static int DirectCost(ProfileGraph graph, StreetSnap from, StreetSnap to, out int edge)
    {
        edge = -1;
        var best = SearchSpace.Unreached;
        if (from.Edge != to.Edge)
        {
            return best;
        }

        for (var i = graph.GeoFirst[from.Edge]; i < graph.GeoFirst[from.Edge + 1]; i++)
        {
            var e = graph.GeoEdges[i];
            var a = AlongFromTail(graph, e, from.Fraction);
            var b = AlongFromTail(graph, e, to.Fraction);
            if (a <= b && PartialCost(graph, e, b - a) < best)
            {
                best = PartialCost(graph, e, b - a);
                edge = e;
            }
        }

        return best;
    }
}

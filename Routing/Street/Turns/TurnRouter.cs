using System.Runtime.InteropServices;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Turns;

/// <summary>
/// Car routes and one-to-many car searches on the <see cref="TurnGraph"/>, so that every turn is paid for. Seeds
/// follow the graph's convention (a label is the cost of standing at the start of an edge, ready to drive it): a
/// point along edge e starts on each edge f it can turn onto at e's end, at the cost of the rest of e plus that turn;
/// a point along edge f is reached from f's own label plus the part of f before it. A point on a junction leaves by
/// any edge of that junction without a turn cost, and is reached on arriving by any edge: where one stands still, no
/// turn is made.
/// </summary>
internal static class TurnRouter
{
    [ThreadStatic]
    private static List<Seed>? t_sources;

    [ThreadStatic]
    private static List<Seed>? t_targets;

    [ThreadStatic]
    private static List<int>? t_arcs;

    public static StreetPath? Route(StreetNetwork network, TurnGraph turns, StreetSnap from, StreetSnap to, StreetAlgorithm algorithm)
    {
        var car = turns.Car;
        var direct = StreetRouter.DirectCost(car, from, to, out var directEdge);
        if (SameJunction(turns, from, to))
        {
            // Both points on one junction: no search (it would drive off and come back to pay for a turn).
            return directEdge >= 0
                ? PathBuilder.Direct(network, car, from, to, direct, directEdge)
                : PathBuilder.Build(network, car, from, to, 0, -1, [], -1);
        }

        var sources = t_sources ??= [];
        var targets = t_targets ??= [];
        var arcs = t_arcs ??= [];
        arcs.Clear();
        SourceSeeds(turns, from, sources);
        TargetSeeds(turns, to, targets);
        var (cost, first, last) = StreetRouter.Search(
            turns.Hierarchy, turns.Arcs, CollectionsMarshal.AsSpan(sources), CollectionsMarshal.AsSpan(targets), algorithm, arcs, out var end);
        if (direct <= cost && directEdge >= 0)
        {
            return PathBuilder.Direct(network, car, from, to, direct, directEdge);
        }

        if (cost == SearchSpace.Unreached)
        {
            return null;
        }

        // Each arc drives its tail edge; the last edge is driven in part (a target along it) or whole (a target on
        // the junction at its end, reached by a seed without an edge).
        var edges = new List<int>(arcs.Count + 1);
        foreach (var a in arcs)
        {
            edges.Add(turns.Arcs.Tail[a]);
        }

        if (last < 0)
        {
            edges.Add(end);
        }

        return PathBuilder.Build(network, car, from, to, cost, first, edges, last);
    }

    /// <summary>Junction-to-junction cost (tests and benchmarks): leave the first by any edge, arrive at the second by any.</summary>
    public static int NodeCost(TurnGraph turns, int sourceNode, int targetNode, StreetAlgorithm algorithm)
    {
        var x = turns.Car.StreetNode[sourceNode];
        var y = turns.Car.StreetNode[targetNode];
        if (x == y)
        {
            return 0;
        }

        var sources = t_sources ??= [];
        var targets = t_targets ??= [];
        sources.Clear();
        targets.Clear();
        Leaving(turns, x, sources);
        Entering(turns, y, targets);
        return StreetRouter.Search(turns.Hierarchy, turns.Arcs, CollectionsMarshal.AsSpan(sources), CollectionsMarshal.AsSpan(targets), algorithm, null, out _).Cost;
    }

    public static StreetReach[] OneToMany(TurnGraph turns, StreetSnap from, IReadOnlyList<StreetSnap> targets, TimeSpan maxDuration)
    {
        var car = turns.Car;
        var graph = turns.Arcs;
        var context = graph.Context;
        var sources = t_sources ??= [];
        SourceSeeds(turns, from, sources);
        var bound = (int)Math.Clamp(maxDuration.TotalMilliseconds, 0, int.MaxValue - 1);
        var marks = context.Targets;
        marks.Reset();
        var distinct = 0;
        Span<int> ends = stackalloc int[2];
        foreach (var t in targets)
        {
            if (t.Profile != from.Profile)
            {
                throw new ArgumentException($"Target snapped for {t.Profile}, source for {from.Profile}.", nameof(targets));
            }

            for (var i = car.GeoFirst[t.Edge]; i < car.GeoFirst[t.Edge + 1]; i++)
            {
                Mark(car.GeoEdges[i]);
            }

            var count = Junctions(turns, t, ends);
            for (var j = 0; j < count; j++)
            {
                for (var k = turns.EnterFirst[ends[j]]; k < turns.EnterFirst[ends[j] + 1]; k++)
                {
                    Mark(turns.Enter[k]);
                }
            }
        }

        Dijkstra.Bounded(graph, context.Forward, CollectionsMarshal.AsSpan(sources), bound, marks, distinct);
        var forward = context.Forward;
        var result = new StreetReach[targets.Count];
        for (var j = 0; j < targets.Count; j++)
        {
            var t = targets[j];
            var best = (long)SearchSpace.Unreached;
            var length = 0.0;
            for (var i = car.GeoFirst[t.Edge]; i < car.GeoFirst[t.Edge + 1]; i++)
            {
                var e = car.GeoEdges[i];
                var reached = forward.CostOf(e);
                if (reached == SearchSpace.Unreached)
                {
                    continue;
                }

                var along = StreetRouter.AlongFromTail(car, e, t.Fraction);
                var cost = (long)reached + StreetRouter.PartialCost(car, e, along);
                if (cost < best)
                {
                    best = cost;
                    length = forward.Length[e] + (along * car.GeoLength[t.Edge]);
                }
            }

            var count = Junctions(turns, t, ends);
            for (var k = 0; k < count; k++)
            {
                for (var i = turns.EnterFirst[ends[k]]; i < turns.EnterFirst[ends[k] + 1]; i++)
                {
                    var f = turns.Enter[i];
                    var reached = forward.CostOf(f);
                    if (reached != SearchSpace.Unreached && (long)reached + car.Weight[f] < best)
                    {
                        best = (long)reached + car.Weight[f];
                        length = forward.Length[f] + car.GeoLength[car.GeoDir[f] >> 1];
                    }
                }
            }

            var direct = StreetRouter.DirectCost(car, from, t, out var directEdge);
            if (directEdge >= 0 && direct <= best)
            {
                best = direct;
                length = Math.Abs(t.Fraction - from.Fraction) * car.GeoLength[t.Edge];
            }

            if (directEdge < 0 && SameJunction(turns, from, t))
            {
                best = 0;
                length = 0;
            }

            result[j] = best <= bound ? new StreetReach(true, TimeSpan.FromMilliseconds(best), length) : StreetReach.Unreached;
        }

        return result;

        void Mark(int node)
        {
            if (marks.Relax(node, 0, SearchSpace.NoParent, 0))
            {
                distinct++;
            }
        }
    }

    private static void SourceSeeds(TurnGraph turns, StreetSnap snap, List<Seed> seeds)
    {
        var car = turns.Car;
        var arcs = turns.Arcs;
        seeds.Clear();
        for (var i = car.GeoFirst[snap.Edge]; i < car.GeoFirst[snap.Edge + 1]; i++)
        {
            var e = car.GeoEdges[i];
            var rest = 1 - StreetRouter.AlongFromTail(car, e, snap.Fraction);
            var partial = StreetRouter.PartialCost(car, e, rest);
            var meters = (float)(rest * car.GeoLength[snap.Edge]);
            for (var a = arcs.FirstOut[e]; a < arcs.FirstOut[e + 1]; a++)
            {
                seeds.Add(new Seed(arcs.Head[a], partial + turns.TurnCost(a), meters, -2 - e));
            }
        }

        Span<int> ends = stackalloc int[2];
        var count = Junctions(turns, snap, ends);
        for (var j = 0; j < count; j++)
        {
            Leaving(turns, ends[j], seeds);
        }
    }

    private static void TargetSeeds(TurnGraph turns, StreetSnap snap, List<Seed> seeds)
    {
        var car = turns.Car;
        seeds.Clear();
        for (var i = car.GeoFirst[snap.Edge]; i < car.GeoFirst[snap.Edge + 1]; i++)
        {
            var e = car.GeoEdges[i];
            var along = StreetRouter.AlongFromTail(car, e, snap.Fraction);
            seeds.Add(new Seed(e, StreetRouter.PartialCost(car, e, along), (float)(along * car.GeoLength[snap.Edge]), -2 - e));
        }

        Span<int> ends = stackalloc int[2];
        var count = Junctions(turns, snap, ends);
        for (var j = 0; j < count; j++)
        {
            Entering(turns, ends[j], seeds);
        }
    }

    /// <summary>Every edge leaving street node x, at no cost: one standing on a junction may drive off by any street.</summary>
    private static void Leaving(TurnGraph turns, int x, List<Seed> seeds)
    {
        for (var k = turns.LeaveFirst[x]; k < turns.LeaveFirst[x + 1]; k++)
        {
            seeds.Add(new Seed(turns.Leave[k], 0, 0, SearchSpace.NoParent));
        }
    }

    /// <summary>Every edge entering street node x, driven whole: a junction is reached by arriving on any street.</summary>
    private static void Entering(TurnGraph turns, int x, List<Seed> seeds)
    {
        var car = turns.Car;
        for (var k = turns.EnterFirst[x]; k < turns.EnterFirst[x + 1]; k++)
        {
            var f = turns.Enter[k];
            seeds.Add(new Seed(f, car.Weight[f], car.GeoLength[car.GeoDir[f] >> 1], SearchSpace.NoParent));
        }
    }

    /// <summary>The street nodes (0, 1 or 2) a snapped point stands on: ends of its edge within <see cref="StreetRouter.JunctionMeters"/>.</summary>
    private static int Junctions(TurnGraph turns, StreetSnap snap, Span<int> ends)
    {
        var car = turns.Car;
        if (car.GeoFirst[snap.Edge] == car.GeoFirst[snap.Edge + 1])
        {
            return 0;
        }

        // Along the car edge that follows the geometry's direction, or against the one that does not.
        var e = car.GeoEdges[car.GeoFirst[snap.Edge]];
        var along = StreetRouter.AlongFromTail(car, e, snap.Fraction);
        var length = car.GeoLength[snap.Edge];
        var count = 0;
        if (along * length <= StreetRouter.JunctionMeters)
        {
            ends[count++] = car.StreetNode[car.Tail[e]];
        }

        if ((1 - along) * length <= StreetRouter.JunctionMeters)
        {
            ends[count++] = car.StreetNode[car.Head[e]];
        }

        return count;
    }

    private static bool SameJunction(TurnGraph turns, StreetSnap from, StreetSnap to)
    {
        Span<int> a = stackalloc int[2];
        Span<int> b = stackalloc int[2];
        var na = Junctions(turns, from, a);
        var nb = Junctions(turns, to, b);
        for (var i = 0; i < na; i++)
        {
            for (var j = 0; j < nb; j++)
            {
                if (a[i] == b[j])
                {
                    return true;
                }
            }
        }

        return false;
    }
}

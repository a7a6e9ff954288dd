using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Search;

/// <summary>Plain one-directional Dijkstra: the reference every faster search is checked against, and one-to-many.</summary>
internal static class Dijkstra
{
    /// <summary>Cheapest cost from any source seed to any target seed (target seed cost is added on arrival).</summary>
    public static int PointToPoint(ProfileGraph graph, SearchSpace space, ReadOnlySpan<Seed> sources, ReadOnlySpan<Seed> targets, out int meetTarget)
    {
        Start(space, sources);
        var best = SearchSpace.Unreached;
        meetTarget = -1;
        while (space.Heap.Count > 0)
        {
            var (cost, u) = space.Heap.Pop();
            if (cost >= best)
            {
                break;
            }

            if (cost > space.Cost[u])
            {
                continue;
            }

            for (var i = 0; i < targets.Length; i++)
            {
                if (targets[i].Node == u && cost + targets[i].Cost < best)
                {
                    best = cost + targets[i].Cost;
                    meetTarget = i;
                }
            }

            Relax(graph, space, u, cost);
        }

        return best;
    }

    /// <summary>Settles every node whose cost is at most <paramref name="bound"/>, or stops early once all marked targets are settled.</summary>
    public static void Bounded(ProfileGraph graph, SearchSpace space, ReadOnlySpan<Seed> sources, int bound, SearchSpace? targets, int targetCount)
    {
        Start(space, sources);
        var remaining = targetCount;
        while (space.Heap.Count > 0)
        {
            var (cost, u) = space.Heap.Pop();
            if (cost > bound)
            {
                break;
            }

            if (cost > space.Cost[u])
            {
                continue;
            }

            if (targets is not null && targets.Reached(u) && --remaining == 0)
            {
                break;
            }

            Relax(graph, space, u, cost);
        }
    }

    private static void Start(SearchSpace space, ReadOnlySpan<Seed> sources)
    {
        space.Reset();
        foreach (var s in sources)
        {
            space.Relax(s.Node, s.Cost, s.Parent, s.Length);
        }
    }

    private static void Relax(ProfileGraph graph, SearchSpace space, int u, int cost)
    {
        var length = space.Length[u];
        var head = graph.Head;
        var weight = graph.Weight;
        var geoDir = graph.GeoDir;
        var geoLength = graph.GeoLength;
        for (var e = graph.FirstOut[u]; e < graph.FirstOut[u + 1]; e++)
        {
            space.Relax(head[e], cost + weight[e], e, length + geoLength[geoDir[e] >> 1]);
        }
    }
}

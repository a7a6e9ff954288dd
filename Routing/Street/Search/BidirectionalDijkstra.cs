using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Search;

/// <summary>
/// Bidirectional Dijkstra: a forward search on out-edges from the sources and a backward search on in-edges from the
/// targets, alternating on the smaller queue head, stopping when the two heads together reach the best meeting cost.
/// </summary>
internal static class BidirectionalDijkstra
{
    public static int Query(ProfileGraph graph, QueryContext context, ReadOnlySpan<Seed> sources, ReadOnlySpan<Seed> targets, out int meet)
    {
        var forward = context.Forward;
        var backward = context.Backward;
        forward.Reset();
        backward.Reset();
        foreach (var s in sources)
        {
            forward.Relax(s.Node, s.Cost, s.Parent, s.Length);
        }

        foreach (var t in targets)
        {
            backward.Relax(t.Node, t.Cost, t.Parent, t.Length);
        }

        var best = SearchSpace.Unreached;
        meet = -1;
        foreach (var s in sources)
        {
            var other = backward.CostOf(s.Node);
            if (other != SearchSpace.Unreached && forward.Cost[s.Node] + other < best)
            {
                best = forward.Cost[s.Node] + other;
                meet = s.Node;
            }
        }

        var head = graph.Head;
        var tail = graph.Tail;
        var weight = graph.Weight;
        while (forward.Heap.Count > 0 && backward.Heap.Count > 0)
        {
            if ((long)forward.Heap.PeekKey + backward.Heap.PeekKey >= best)
            {
                break;
            }

            var goForward = forward.Heap.PeekKey <= backward.Heap.PeekKey;
            var space = goForward ? forward : backward;
            var other = goForward ? backward : forward;
            var (cost, u) = space.Heap.Pop();
            if (cost > space.Cost[u])
            {
                continue;
            }

            if (goForward)
            {
                for (var e = graph.FirstOut[u]; e < graph.FirstOut[u + 1]; e++)
                {
                    Step(space, other, head[e], cost + weight[e], e, ref best, ref meet);
                }
            }
            else
            {
                for (var i = graph.FirstIn[u]; i < graph.FirstIn[u + 1]; i++)
                {
                    var e = graph.InEdge[i];
                    Step(space, other, tail[e], cost + weight[e], e, ref best, ref meet);
                }
            }
        }

        return best;
    }

    private static void Step(SearchSpace space, SearchSpace other, int v, int cost, int edge, ref int best, ref int meet)
    {
        if (!space.Relax(v, cost, edge, 0))
        {
            return;
        }

        var rest = other.CostOf(v);
        if (rest != SearchSpace.Unreached && (long)cost + rest < best)
        {
            best = cost + rest;
            meet = v;
        }
    }
}

using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Contraction;

/// <summary>
/// The CH query: an upward forward search from the sources and an upward backward search from the targets, each
/// stopping once its queue head reaches the best meeting cost, with stall-on-demand (a node reached more cheaply
/// from above is not expanded).
/// </summary>
internal static class ChQuery
{
    /// <summary>Seeds are graph nodes; the search and <paramref name="meet"/> are in rank space.</summary>
    public static int Query(ContractionHierarchy ch, QueryContext context, ReadOnlySpan<Seed> sources, ReadOnlySpan<Seed> targets, out int meet)
    {
        var forward = context.Forward;
        var backward = context.Backward;
        forward.Reset();
        backward.Reset();
        foreach (var s in sources)
        {
            forward.Relax(ch.Rank[s.Node], s.Cost, s.Parent, 0);
        }

        foreach (var t in targets)
        {
            backward.Relax(ch.Rank[t.Node], t.Cost, t.Parent, 0);
        }

        var best = SearchSpace.Unreached;
        meet = -1;
        var forwardDone = false;
        var backwardDone = false;
        while (!forwardDone || !backwardDone)
        {
            var goForward = !forwardDone && (backwardDone || forward.Heap.PeekKey <= backward.Heap.PeekKey);
            var space = goForward ? forward : backward;
            var other = goForward ? backward : forward;
            if (space.Heap.Count == 0 || space.Heap.PeekKey >= best)
            {
                if (goForward)
                {
                    forwardDone = true;
                }
                else
                {
                    backwardDone = true;
                }

                continue;
            }

            var (cost, u) = space.Heap.Pop();
            if (cost > space.Cost[u])
            {
                continue;
            }

            var rest = other.CostOf(u);
            if (rest != SearchSpace.Unreached && (long)cost + rest < best)
            {
                best = cost + rest;
                meet = u;
            }

            if (goForward)
            {
                if (Stalled(space, u, cost, ch.DownFirst, ch.DownSource, ch.DownWeight))
                {
                    continue;
                }

                for (var i = ch.UpFirst[u]; i < ch.UpFirst[u + 1]; i++)
                {
                    space.Relax(ch.UpTarget[i], cost + ch.UpWeight[i], ch.UpArc[i], 0);
                }
            }
            else
            {
                if (Stalled(space, u, cost, ch.UpFirst, ch.UpTarget, ch.UpWeight))
                {
                    continue;
                }

                for (var i = ch.DownFirst[u]; i < ch.DownFirst[u + 1]; i++)
                {
                    space.Relax(ch.DownSource[i], cost + ch.DownWeight[i], ch.DownArc[i], 0);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// Stall-on-demand: if a higher neighbour already labelled in this search reaches u more cheaply through the arc
    /// pointing the other way, u's label cannot be on a shortest path and u is not expanded.
    /// </summary>
    private static bool Stalled(SearchSpace space, int u, int cost, int[] first, int[] neighbour, int[] weight)
    {
        for (var i = first[u]; i < first[u + 1]; i++)
        {
            var c = space.CostOf(neighbour[i]);
            if (c != SearchSpace.Unreached && (long)c + weight[i] < cost)
            {
                return true;
            }
        }

        return false;
    }
}

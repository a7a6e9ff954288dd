using Mobility.Routing.Street.Graph;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Contraction;

/// <summary>
/// Contracts a profile graph node by node in priority order (edge difference, contracted neighbours, level), with lazy
/// priority updates: a popped node's priority is recomputed and the node is put back if it is no longer the smallest.
/// Shortcuts are added when a bounded witness search finds no path around the node that is as cheap.
/// </summary>
internal static class ContractionBuilder
{
    private const int Offset = 1 << 24;

    /// <summary>Settled-node limit of witness searches; hitting it only adds a (harmless) shortcut.</summary>
    public const int WitnessSettledLimit = 500;

    /// <summary>Hop limit of witness searches (as in Geisberger et al. 2008); a missed witness only adds a shortcut.</summary>
    public const int HopLimit = 6;

    /// <summary>Smaller limit for the priority refresh of neighbours (an estimate; may overcount shortcuts).</summary>
    public const int SimulationSettledLimit = 50;

    private readonly record struct Shortcut(int From, int To, int Weight, int ArcA, int ArcB);

    public static ContractionHierarchy Build(ProfileGraph graph)
    {
        var n = graph.NodeCount;
        var dynamic = new DynamicGraph(n);
        var arcFrom = new List<int>(graph.EdgeCount * 2);
        var arcTo = new List<int>(graph.EdgeCount * 2);
        var childA = new List<int>(graph.EdgeCount * 2);
        var childB = new List<int>(graph.EdgeCount * 2);
        for (var e = 0; e < graph.EdgeCount; e++)
        {
            if (graph.Tail[e] != graph.Head[e] && dynamic.AddOrImprove(graph.Tail[e], graph.Head[e], graph.Weight[e], arcFrom.Count))
            {
                arcFrom.Add(graph.Tail[e]);
                arcTo.Add(graph.Head[e]);
                childA.Add(-1 - e);
                childB.Add(-1);
            }
        }

        var witness = new WitnessSearch(n);
        var deleted = new int[n];
        var level = new int[n];
        var priority = new int[n];
        var rank = new int[n];
        var queue = new MinHeap();
        var shortcuts = new List<Shortcut>();
        var neighbours = new HashSet<int>();
        for (var v = 0; v < n; v++)
        {
            priority[v] = Priority(v, null);
            queue.Push(priority[v] + Offset, v);
        }

        var up = new List<(int From, int To, int Weight, int Arc)>(graph.EdgeCount * 2);
        var down = new List<(int At, int From, int Weight, int Arc)>(graph.EdgeCount * 2);
        var contracted = new bool[n];
        var next = 0;
        var shortcutCount = 0;
        while (queue.Count > 0)
        {
            var (key, v) = queue.Pop();
            if (contracted[v] || key != priority[v] + Offset)
            {
                continue;
            }

            shortcuts.Clear();
            var current = Priority(v, shortcuts);
            if (queue.Count > 0 && current > queue.PeekKey - Offset)
            {
                priority[v] = current;
                queue.Push(current + Offset, v);
                continue;
            }

            neighbours.Clear();
            foreach (var a in dynamic.Out(v))
            {
                up.Add((v, a.Node, a.Weight, a.Id));
                neighbours.Add(a.Node);
            }

            foreach (var a in dynamic.In(v))
            {
                down.Add((v, a.Node, a.Weight, a.Id));
                neighbours.Add(a.Node);
            }

            dynamic.Detach(v);
            dynamic.Clear(v);
            foreach (var s in shortcuts)
            {
                if (dynamic.AddOrImprove(s.From, s.To, s.Weight, arcFrom.Count))
                {
                    arcFrom.Add(s.From);
                    arcTo.Add(s.To);
                    childA.Add(s.ArcA);
                    childB.Add(s.ArcB);
                    shortcutCount++;
                }
            }

            contracted[v] = true;
            rank[v] = next++;

            // Neighbours' priorities are refreshed lazily, when they reach the top of the queue.
            foreach (var u in neighbours)
            {
                deleted[u]++;
                level[u] = Math.Max(level[u], level[v] + 1);
            }
        }
        // The hierarchy is stored in rank order: upward searches then walk memory mostly forward and nearby.
        var (upFirst, upTarget, upWeight, upArc) = Csr(n, up.Select(x => (rank[x.From], rank[x.To], x.Weight, x.Arc)).ToList());
        var (downFirst, downSource, downWeight, downArc) = Csr(n, down.Select(x => (rank[x.At], rank[x.From], x.Weight, x.Arc)).ToList());
        for (var a = 0; a < arcFrom.Count; a++)
        {
            arcFrom[a] = rank[arcFrom[a]];
            arcTo[a] = rank[arcTo[a]];
        }

        var nodeOfRank = new int[n];
        for (var v = 0; v < n; v++)
        {
            nodeOfRank[rank[v]] = v;
        }

        return new ContractionHierarchy
        {
            Rank = rank,
            NodeOfRank = nodeOfRank,
            UpFirst = upFirst,
            UpTarget = upTarget,
            UpWeight = upWeight,
            UpArc = upArc,
            DownFirst = downFirst,
            DownSource = downSource,
            DownWeight = downWeight,
            DownArc = downArc,
            ArcFrom = [.. arcFrom],
            ArcTo = [.. arcTo],
            ArcChildA = [.. childA],
            ArcChildB = [.. childB],
            ShortcutCount = shortcutCount,
        };

        int Priority(int v, List<Shortcut>? output)
        {
            var added = Collect(v, output is null ? SimulationSettledLimit : WitnessSettledLimit, output);
            var removed = dynamic.Out(v).Length + dynamic.In(v).Length;
            return (2 * (added - removed)) + deleted[v] + level[v];
        }

        int Collect(int v, int settledLimit, List<Shortcut>? output)
        {
            var count = 0;
            var outs = dynamic.Out(v);
            foreach (var a in dynamic.In(v))
            {
                var maxCost = 0;
                foreach (var b in outs)
                {
                    if (b.Node != a.Node)
                    {
                        maxCost = Math.Max(maxCost, a.Weight + b.Weight);
                    }
                }

                if (maxCost == 0)
                {
                    continue;
                }

                witness.Run(dynamic, a.Node, v, outs, maxCost, settledLimit, HopLimit);
                foreach (var b in outs)
                {
                    if (b.Node != a.Node && witness.CostOf(b.Node) > a.Weight + b.Weight)
                    {
                        count++;
                        output?.Add(new Shortcut(a.Node, b.Node, a.Weight + b.Weight, a.Id, b.Id));
                    }
                }
            }

            return count;
        }
    }

    private static (int[] First, int[] Node, int[] Weight, int[] Arc) Csr(int n, List<(int At, int Node, int Weight, int Arc)> items)
    {
        var first = new int[n + 1];
        foreach (var item in items)
        {
            first[item.At + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            first[i + 1] += first[i];
        }

        var fill = (int[])first.Clone();
        var node = new int[items.Count];
        var weight = new int[items.Count];
        var arc = new int[items.Count];
        foreach (var item in items)
        {
            var at = fill[item.At]++;
            node[at] = item.Node;
            weight[at] = item.Weight;
            arc[at] = item.Arc;
        }

        return (first, node, weight, arc);
    }
}

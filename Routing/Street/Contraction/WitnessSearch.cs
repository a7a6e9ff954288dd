using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Contraction;

/// <summary>
/// Local Dijkstra that looks for a path around the node being contracted. It is bounded in cost and in settled nodes;
/// when the bound is hit without a witness, a shortcut is added, which is always safe (only extra arcs, never a
/// wrong distance).
/// </summary>
internal sealed class WitnessSearch(int nodeCount)
{
    private readonly SearchSpace _space = new(nodeCount);
    private readonly int[] _targetMark = new int[nodeCount];
    private int _targetGeneration;

    public int CostOf(int node) => _space.CostOf(node);

    /// <summary>Searches from <paramref name="source"/> around <paramref name="avoid"/>; stops once every target is settled.</summary>
    public void Run(DynamicGraph graph, int source, int avoid, ReadOnlySpan<DynamicGraph.Arc> targets, int maxCost, int maxSettled, int maxHops)
    {
        _space.Reset();
        _space.Relax(source, 0, 0, 0);
        var settled = 0;
        var remaining = 0;
        _targetGeneration++;
        foreach (var t in targets)
        {
            if (t.Node != source && _targetMark[t.Node] != _targetGeneration)
            {
                _targetMark[t.Node] = _targetGeneration;
                remaining++;
            }
        }

        while (_space.Heap.Count > 0)
        {
            var (cost, u) = _space.Heap.Pop();
            if (cost > _space.Cost[u])
            {
                continue;
            }

            if (cost > maxCost || ++settled > maxSettled)
            {
                break;
            }

            if (_targetMark[u] == _targetGeneration && --remaining == 0)
            {
                break;
            }

            // The parent slot holds the hop count here; paths longer than maxHops are not followed.
            var hops = _space.Parent[u] + 1;
            if (hops > maxHops)
            {
                continue;
            }

            foreach (var a in graph.Out(u))
            {
                if (a.Node != avoid)
                {
                    _space.Relax(a.Node, cost + a.Weight, hops, 0);
                }
            }
        }
    }
}

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

    public int CostOf(int node) => _space.CostOf(node);

    public void Run(DynamicGraph graph, int source, int avoid, int maxCost, int maxSettled)
    {
        _space.Reset();
        _space.Relax(source, 0, SearchSpace.NoParent, 0);
        var settled = 0;
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

            foreach (var a in graph.Out(u))
            {
                if (a.Node != avoid)
                {
                    _space.Relax(a.Node, cost + a.Weight, SearchSpace.NoParent, 0);
                }
            }
        }
    }
}

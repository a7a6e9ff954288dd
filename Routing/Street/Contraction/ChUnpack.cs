using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Street.Contraction;

/// <summary>Turns the arc chains of a CH query back into graph edges, shortcuts expanded recursively.</summary>
internal static class ChUnpack
{
    [ThreadStatic]
    private static Stack<int>? t_scratch;

    [ThreadStatic]
    private static List<int>? t_arcs;

    /// <summary>Appends the forward half (source to meeting node) in travel order; returns the source seed edge or -1.</summary>
    public static int Forward(ContractionHierarchy ch, SearchSpace space, int meet, List<int> edges)
    {
        var arcs = t_arcs ??= [];
        arcs.Clear();
        var v = meet;
        while (space.Parent[v] >= 0)
        {
            arcs.Add(space.Parent[v]);
            v = ch.ArcFrom[space.Parent[v]];
        }

        var scratch = t_scratch ??= new Stack<int>();
        for (var i = arcs.Count - 1; i >= 0; i--)
        {
            ch.Unpack(arcs[i], edges, scratch);
        }

        return StreetRouter.SeedEdge(space.Parent[v]);
    }

    /// <summary>Appends the backward half (meeting node to target) in travel order; returns the target seed edge or -1.</summary>
    public static int Backward(ContractionHierarchy ch, SearchSpace space, int meet, List<int> edges) => Backward(ch, space, meet, edges, out _);

    /// <summary>As <see cref="Backward(ContractionHierarchy, SearchSpace, int, List{int})"/>; <paramref name="end"/> is the graph node the chain ends at.</summary>
    public static int Backward(ContractionHierarchy ch, SearchSpace space, int meet, List<int> edges, out int end)
    {
        var scratch = t_scratch ??= new Stack<int>();
        var v = meet;
        while (space.Parent[v] >= 0)
        {
            ch.Unpack(space.Parent[v], edges, scratch);
            v = ch.ArcTo[space.Parent[v]];
        }

        end = ch.NodeOfRank[v];
        return StreetRouter.SeedEdge(space.Parent[v]);
    }
}

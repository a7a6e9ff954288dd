namespace Mobility.Routing.Street.Contraction;

/// <summary>
/// A contraction hierarchy over one profile graph (Geisberger et al. 2008): nodes ranked by contraction order,
/// shortcuts that keep every distance, and for each node its arcs towards higher-ranked nodes in both directions.
/// Arcs are kept in one store so that a shortcut unpacks to its two halves and, at the bottom, to graph edges.
/// Immutable.
/// </summary>
internal sealed class ContractionHierarchy
{
    /// <summary>Rank of each graph node; every other array here is indexed by rank, not by graph node.</summary>
    public required int[] Rank { get; init; }

    /// <summary>Graph node of each rank (the inverse of <see cref="Rank"/>).</summary>
    public required int[] NodeOfRank { get; init; }

    /// <summary>Upward arcs leaving node v: UpTarget/UpWeight/UpArc[UpFirst[v] .. UpFirst[v+1]-1].</summary>
    public required int[] UpFirst { get; init; }

    public required int[] UpTarget { get; init; }

    public required int[] UpWeight { get; init; }

    public required int[] UpArc { get; init; }

    /// <summary>Upward arcs entering node v (from higher nodes), stored at v: DownSource etc.</summary>
    public required int[] DownFirst { get; init; }

    public required int[] DownSource { get; init; }

    public required int[] DownWeight { get; init; }

    public required int[] DownArc { get; init; }

    public required int[] ArcFrom { get; init; }

    public required int[] ArcTo { get; init; }

    /// <summary>First half of a shortcut, or -1 - graphEdge for an arc that is an original edge.</summary>
    public required int[] ArcChildA { get; init; }

    public required int[] ArcChildB { get; init; }

    public int ShortcutCount { get; init; }

    public long Bytes =>
        4L * (Rank.Length + NodeOfRank.Length + UpFirst.Length + UpTarget.Length + UpWeight.Length + UpArc.Length + DownFirst.Length
              + DownSource.Length + DownWeight.Length + DownArc.Length + ArcFrom.Length + ArcTo.Length
              + ArcChildA.Length + ArcChildB.Length);

    /// <summary>Appends the graph edges of an arc, in travel order.</summary>
    public void Unpack(int arc, List<int> edges, Stack<int> scratch)
    {
        scratch.Clear();
        scratch.Push(arc);
        while (scratch.Count > 0)
        {
            var a = scratch.Pop();
            if (ArcChildA[a] < 0)
            {
                edges.Add(-1 - ArcChildA[a]);
                continue;
            }

            scratch.Push(ArcChildB[a]);
            scratch.Push(ArcChildA[a]);
        }
    }
}

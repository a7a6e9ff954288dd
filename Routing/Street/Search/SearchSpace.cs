namespace Mobility.Routing.Street.Search;

/// <summary>
/// Labels of one search direction over a graph of fixed size. A generation stamp marks which labels belong to the
/// current query, so a new query costs O(1) instead of clearing arrays.
/// </summary>
internal sealed class SearchSpace
{
    public const int Unreached = int.MaxValue;

    /// <summary>Parent of a node seeded from a node (not from a snapped point).</summary>
    public const int NoParent = -1;

    private readonly int[] _stamp;
    private int _generation;

    public SearchSpace(int nodeCount)
    {
        _stamp = new int[nodeCount];
        Cost = new int[nodeCount];
        Parent = new int[nodeCount];
        Length = new float[nodeCount];
    }

    public int[] Cost { get; }

    /// <summary>Edge that reached the node (&gt;= 0), <see cref="NoParent"/>, or -2 - e when seeded from a point on edge e.</summary>
    public int[] Parent { get; }

    /// <summary>Metres along the path to the node (maintained by the searches that report distances).</summary>
    public float[] Length { get; }

    public MinHeap Heap { get; } = new();

    public void Reset()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamp);
            _generation = 1;
        }

        Heap.Clear();
    }

    public int CostOf(int node) => _stamp[node] == _generation ? Cost[node] : Unreached;

    public bool Reached(int node) => _stamp[node] == _generation;

    /// <summary>Sets the label when it improves; returns whether it did (and pushes the node).</summary>
    public bool Relax(int node, int cost, int parent, float length)
    {
        if (_stamp[node] == _generation && Cost[node] <= cost)
        {
            return false;
        }

        _stamp[node] = _generation;
        Cost[node] = cost;
        Parent[node] = parent;
        Length[node] = length;
        Heap.Push(cost, node);
        return true;
    }
}

/// <summary>Per-thread state of the searches on one graph: a forward and a backward space, and a target marker.</summary>
internal sealed class QueryContext(int nodeCount)
{
    public SearchSpace Forward { get; } = new(nodeCount);

    public SearchSpace Backward { get; } = new(nodeCount);

    private SearchSpace? _targets;

    /// <summary>Scratch space for one-to-many target bookkeeping, allocated on the thread's first one-to-many.</summary>
    public SearchSpace Targets => _targets ??= new SearchSpace(nodeCount);
}

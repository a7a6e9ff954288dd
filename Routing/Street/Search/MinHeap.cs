namespace Mobility.Routing.Street.Search;

/// <summary>
/// A binary min-heap of (key, node) with lazy deletion: a node may be pushed again with a smaller key and stale
/// entries are skipped by the caller. The backing array grows once and is reused across queries.
/// </summary>
internal sealed class MinHeap
{
    private long[] _items = new long[1024];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Key and node packed in one long so that comparisons are one instruction; keys are non-negative ints.</summary>
    public void Push(int key, int node)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        var item = ((long)key << 32) | (uint)node;
        var i = Count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (_items[parent] <= item)
            {
                break;
            }

            _items[i] = _items[parent];
            i = parent;
        }

        _items[i] = item;
    }

    public int PeekKey => (int)(_items[0] >> 32);

    public (int Key, int Node) Pop()
    {
        var top = _items[0];
        var last = _items[--Count];
        var i = 0;
        var half = Count >> 1;
        while (i < half)
        {
            var child = (2 * i) + 1;
            if (child + 1 < Count && _items[child + 1] < _items[child])
            {
                child++;
            }

            if (last <= _items[child])
            {
                break;
            }

            _items[i] = _items[child];
            i = child;
        }

        if (Count > 0)
        {
            _items[i] = last;
        }

        return ((int)(top >> 32), (int)(top & 0xFFFFFFFF));
    }
}

namespace Mobility.CarpoolProof.Log;

/// <summary>
/// Computes MTH of a stream of leaves in O(log n) memory: it keeps the hashes of the complete subtrees on the
/// right edge (one per set bit of the count), merging equal-sized neighbours as leaves arrive. Used to check an
/// exported log without holding it.
/// </summary>
public sealed class CompactRange
{
    private readonly List<byte[]> _stack = new(64); // largest (leftmost) subtree first
    private readonly List<int> _levels = new(64);

    /// <summary>Leaves added so far.</summary>
    public long Count { get; private set; }

    /// <summary>Adds the leaf's bytes.</summary>
    public void AddLeaf(ReadOnlySpan<byte> leaf) => AddLeafHash(TreeHasher.HashLeaf(leaf));

    /// <summary>Adds a leaf by its hash HASH(0x00 || leaf).</summary>
    public void AddLeafHash(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != TreeHasher.HashSize)
        {
            throw new ArgumentException("A leaf hash has 32 bytes.", nameof(leafHash));
        }

        var hash = (byte[])leafHash.Clone();
        var level = 0;
        // RFC 9162 2.1.1: two complete subtrees of equal size that are siblings merge into their parent.
        while (_levels.Count > 0 && _levels[^1] == level)
        {
            TreeHasher.HashChildren(_stack[^1], hash, hash);
            _stack.RemoveAt(_stack.Count - 1);
            _levels.RemoveAt(_levels.Count - 1);
            level++;
        }

        _stack.Add(hash);
        _levels.Add(level);
        Count++;
    }

    /// <summary>MTH of the leaves added so far (the right-edge subtrees folded right to left).</summary>
    public byte[] RootHash()
    {
        if (_stack.Count == 0)
        {
            return TreeHasher.EmptyRoot();
        }

        var root = (byte[])_stack[^1].Clone();
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            TreeHasher.HashChildren(_stack[i], root, root);
        }

        return root;
    }
}

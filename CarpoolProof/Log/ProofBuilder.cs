namespace Mobility.CarpoolProof.Log;

/// <summary>Generates RFC 9162 2.1.3.1 inclusion proofs and 2.1.4.1 consistency proofs from complete-subtree hashes.</summary>
public static class ProofBuilder
{
    /// <summary>MTH of the first <paramref name="size"/> leaves (RFC 9162 2.1.1); the empty tree hashes to HASH().</summary>
    public static byte[] RootHash(INodeSource nodes, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size == 0)
        {
            return TreeHasher.EmptyRoot();
        }

        var root = new byte[TreeHasher.HashSize];
        RangeHash(nodes, 0, size, root);
        return root;
    }

    /// <summary>RFC 9162 2.1.3.1: PATH(m, D[n]) for leaf <paramref name="index"/> of the tree of <paramref name="size"/> leaves.</summary>
    public static InclusionProof Inclusion(INodeSource nodes, long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index must be in [0, {size}).");
        }

        // Walk down from the root; each level contributes the hash of the half that does not hold the leaf.
        // PATH lists them leaf-first, so fill the array from its end.
        var depth = 0;
        for (long lo = 0, hi = size; hi - lo > 1; depth++)
        {
            var k = TreeMath.SplitPoint(hi - lo);
            if (index < lo + k) { hi = lo + k; } else { lo += k; }
        }

        var path = new byte[depth][];
        var slot = depth - 1;
        for (long lo = 0, hi = size; hi - lo > 1; slot--)
        {
            var k = TreeMath.SplitPoint(hi - lo);
            var sibling = new byte[TreeHasher.HashSize];
            if (index < lo + k)
            {
                RangeHash(nodes, lo + k, hi, sibling);
                hi = lo + k;
            }
            else
            {
                RangeHash(nodes, lo, lo + k, sibling);
                lo += k;
            }

            path[slot] = sibling;
        }

        return new InclusionProof(index, size, path);
    }

    /// <summary>
    /// RFC 9162 2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true). The proof is empty when m = n, and also when m = 0
    /// (every tree extends the empty tree).
    /// </summary>
    public static ConsistencyProof Consistency(INodeSource nodes, long first, long second)
    {
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"First size must be in [0, {second}].");
        }

        if (first == 0 || first == second)
        {
            return new ConsistencyProof(first, second, []);
        }

        // SUBPROOF(m, D[lo:hi], b): each step appends one sibling hash after the deeper part of the proof, so the
        // siblings are collected top-down and emitted in reverse, after the optional MTH(D[lo:hi]) where m meets a subtree.
        var siblings = new List<byte[]>(64);
        byte[]? terminal = null;
        long m = first, lo = 0, hi = second;
        var complete = true;
        while (true)
        {
            if (m == hi - lo)
            {
                if (!complete)
                {
                    terminal = new byte[TreeHasher.HashSize];
                    RangeHash(nodes, lo, hi, terminal);
                }

                break;
            }

            var k = TreeMath.SplitPoint(hi - lo);
            var sibling = new byte[TreeHasher.HashSize];
            if (m <= k)
            {
                RangeHash(nodes, lo + k, hi, sibling);
                hi = lo + k;
            }
            else
            {
                RangeHash(nodes, lo, lo + k, sibling);
                m -= k;
                lo += k;
                complete = false;
            }

            siblings.Add(sibling);
        }

        var path = new List<byte[]>(siblings.Count + 1);
        if (terminal is not null)
        {
            path.Add(terminal);
        }

        for (var i = siblings.Count - 1; i >= 0; i--)
        {
            path.Add(siblings[i]);
        }

        return new ConsistencyProof(first, second, path);
    }

    /// <summary>
    /// MTH(D[start:end]) for a range met by the RFC recursion: start is a multiple of a power of two at least
    /// end - start, so the range is a run of complete subtrees of decreasing size, hashed right to left.
    /// </summary>
    internal static void RangeHash(INodeSource nodes, long start, long end, Span<byte> destination)
    {
        Span<byte> node = stackalloc byte[TreeHasher.HashSize];
        var length = end - start;
        var position = end;
        var first = true;
        while (length > 0)
        {
            var lowest = length & -length;
            position -= lowest;
            var level = TreeMath.Level(lowest);
            if (first)
            {
                nodes.ReadNode(level, position >> level, destination);
                first = false;
            }
            else
            {
                nodes.ReadNode(level, position >> level, node);
                TreeHasher.HashChildren(node, destination, destination);
            }

            length -= lowest;
        }
    }
}

using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Log;

/// <summary>RFC 9162 proof verification, step by step as in sections 2.1.3.2 and 2.1.4.2.</summary>
public static class ProofVerifier
{
    /// <summary>RFC 9162 2.1.3.2: true when <paramref name="path"/> proves <paramref name="leafHash"/> at <paramref name="leafIndex"/> under <paramref name="rootHash"/>.</summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long leafIndex, long treeSize, IReadOnlyList<byte[]> path, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (leafHash.Length != TreeHasher.HashSize || rootHash.Length != TreeHasher.HashSize || leafIndex < 0)
        {
            return false;
        }

        // 1. leaf_index must be below tree_size.
        if (leafIndex >= treeSize)
        {
            return false;
        }

        // 2-3. fn = leaf_index, sn = tree_size - 1, r = hash.
        long fn = leafIndex, sn = treeSize - 1;
        Span<byte> r = stackalloc byte[TreeHasher.HashSize];
        leafHash.CopyTo(r);

        // 4. Fold each path element in.
        for (var i = 0; i < path.Count; i++)
        {
            var p = path[i];
            if (p is null || p.Length != TreeHasher.HashSize || sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHasher.HashChildren(p, r, r);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                TreeHasher.HashChildren(r, p, r);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // 5. sn must be 0 and r the root.
        return sn == 0 && r.SequenceEqual(rootHash);
    }

    /// <summary>
    /// True when <paramref name="proof"/> shows that <paramref name="leaf"/> (its bytes, hashed here) is in the tree
    /// of the already opened (signature-checked) <paramref name="checkpoint"/>: same tree size, RFC 9162 2.1.3.2.
    /// </summary>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leaf, InclusionProof proof, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(checkpoint);
        return proof.TreeSize == checkpoint.Size
            && VerifyInclusion(TreeHasher.HashLeaf(leaf), proof.LeafIndex, proof.TreeSize, proof.Path, checkpoint.RootHash);
    }

    /// <summary>
    /// RFC 9162 2.1.4.2: true when <paramref name="path"/> proves that the tree of <paramref name="second"/> leaves
    /// with root <paramref name="secondHash"/> extends the tree of <paramref name="first"/> leaves with root
    /// <paramref name="firstHash"/>. Equal sizes need an empty proof and equal roots; first = 0 needs an empty proof
    /// and the empty-tree root.
    /// </summary>
    public static bool VerifyConsistency(long first, long second, ReadOnlySpan<byte> firstHash, ReadOnlySpan<byte> secondHash, IReadOnlyList<byte[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (first < 0 || first > second || firstHash.Length != TreeHasher.HashSize || secondHash.Length != TreeHasher.HashSize)
        {
            return false;
        }

        if (first == second)
        {
            return path.Count == 0 && firstHash.SequenceEqual(secondHash);
        }

        if (first == 0)
        {
            return path.Count == 0 && firstHash.SequenceEqual(TreeHasher.EmptyRoot());
        }

        // 1. An empty path cannot prove 0 < first < second.
        if (path.Count == 0)
        {
            return false;
        }

        foreach (var c in path)
        {
            if (c is null || c.Length != TreeHasher.HashSize)
            {
                return false;
            }
        }

        // 2. If first is an exact power of 2, prepend first_hash to the path.
        var start = 0;
        ReadOnlySpan<byte> seed = path[0];
        if (TreeMath.IsPowerOfTwo(first))
        {
            seed = firstHash;
            start = -1;
        }

        // 3. fn = first - 1, sn = second - 1.
        long fn = first - 1, sn = second - 1;

        // 4. If LSB(fn) is set, right-shift fn and sn equally until it is not.
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        // 5. fr = sr = the first value of the path.
        Span<byte> fr = stackalloc byte[TreeHasher.HashSize];
        Span<byte> sr = stackalloc byte[TreeHasher.HashSize];
        seed.CopyTo(fr);
        seed.CopyTo(sr);

        // 6. Each subsequent value c.
        for (var i = start + 1; i < path.Count; i++)
        {
            var c = path[i];
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                TreeHasher.HashChildren(c, fr, fr);
                TreeHasher.HashChildren(c, sr, sr);
                if ((fn & 1) == 0)
                {
                    while ((fn & 1) == 0 && fn != 0)
                    {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            }
            else
            {
                TreeHasher.HashChildren(sr, c, sr);
            }

            fn >>= 1;
            sn >>= 1;
        }

        // 7. fr must be first_hash, sr second_hash, and sn 0.
        return fr.SequenceEqual(firstHash) && sr.SequenceEqual(secondHash) && sn == 0;
    }
}

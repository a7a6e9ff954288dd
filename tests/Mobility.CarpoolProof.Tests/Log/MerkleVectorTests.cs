using Mobility.CarpoolProof.Log;

namespace Mobility.CarpoolProof.Tests.Log;

public sealed class MerkleVectorTests
{
    [Fact]
    public void Roots_of_the_RFC_6962_eight_leaf_example_match_for_every_size()
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test" });
        Assert.Equal(TestVectors.RootsHex[0], Convert.ToHexStringLower(log.RootHash()));
        var leaves = TestVectors.Leaves();
        for (var i = 0; i < leaves.Length; i++)
        {
            Assert.Equal(i, log.Append(leaves[i]));
            Assert.Equal(TestVectors.RootsHex[i + 1], Convert.ToHexStringLower(log.RootHash()));
        }

        // Historical roots are served from the same hashes.
        for (var size = 0; size <= leaves.Length; size++)
        {
            Assert.Equal(TestVectors.RootsHex[size], Convert.ToHexStringLower(log.RootHash(size)));
        }
    }

    [Fact]
    public void Empty_tree_hash_is_the_hash_of_the_empty_string()
    {
        Assert.Equal(TestVectors.RootsHex[0], Convert.ToHexStringLower(TreeHasher.EmptyRoot()));
    }

    [Fact]
    public void Inclusion_proofs_equal_the_published_vectors_and_verify()
    {
        using var log = EightLeafLog();
        foreach (var (index, size, path) in TestVectors.Inclusion)
        {
            var proof = log.ProveInclusion(index, size);
            Assert.Equal(path, proof.Path.Select(Convert.ToHexStringLower));
            var leafHash = TreeHasher.HashLeaf(TestVectors.Leaves()[index]);
            Assert.True(ProofVerifier.VerifyInclusion(leafHash, index, size, proof.Path, TestVectors.Hex(TestVectors.RootsHex[size])));
        }
    }

    [Fact]
    public void Consistency_proofs_equal_the_published_vectors_and_verify()
    {
        using var log = EightLeafLog();
        foreach (var (first, second, expected) in TestVectors.Consistency)
        {
            var proof = log.ProveConsistency(first, second);
            Assert.Equal(expected, proof.Path.Select(Convert.ToHexStringLower));
            Assert.True(ProofVerifier.VerifyConsistency(first, second, TestVectors.Hex(TestVectors.RootsHex[first]), TestVectors.Hex(TestVectors.RootsHex[second]), proof.Path));
        }
    }

    [Fact]
    public void Verifier_rejects_out_of_range_indexes_sizes_and_malformed_hashes()
    {
        using var log = EightLeafLog();
        var root = log.RootHash();
        var leafHash = log.LeafHash(5);
        var path = log.ProveInclusion(5, 8).Path;
        Assert.True(ProofVerifier.VerifyInclusion(leafHash, 5, 8, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 8, 8, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, -1, 8, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 4, 8, path, root));
        // (Size 7 would walk the same shape as size 8 for leaf 5; the checkpoint, not the proof, binds the size.)
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 5, 9, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 5, 8, [.. path, path[0]], root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 5, 8, path.Take(2).ToList(), root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash[..31], 5, 8, path, root));
        Assert.False(ProofVerifier.VerifyInclusion(leafHash, 5, 8, [path[0], path[1][..31], path[2]], root));

        var r6 = log.RootHash(6);
        var consistency = log.ProveConsistency(6, 8).Path;
        Assert.True(ProofVerifier.VerifyConsistency(6, 8, r6, root, consistency));
        Assert.False(ProofVerifier.VerifyConsistency(8, 6, root, r6, consistency));
        Assert.False(ProofVerifier.VerifyConsistency(6, 8, r6, root, []));
        Assert.False(ProofVerifier.VerifyConsistency(6, 8, r6, root, [.. consistency, consistency[0]]));
        Assert.False(ProofVerifier.VerifyConsistency(5, 8, r6, root, consistency));
        Assert.True(ProofVerifier.VerifyConsistency(8, 8, root, root, []));
        Assert.False(ProofVerifier.VerifyConsistency(8, 8, root, r6, []));
        Assert.True(ProofVerifier.VerifyConsistency(0, 8, TreeHasher.EmptyRoot(), root, []));
        Assert.False(ProofVerifier.VerifyConsistency(0, 8, r6, root, []));
    }

    [Fact]
    public void Proofs_for_sizes_beyond_the_log_or_bad_indexes_are_refused()
    {
        using var log = EightLeafLog();
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(0, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveInclusion(-1, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveConsistency(5, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.ProveConsistency(6, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => log.RootHash(9));
    }

    private static TransparencyLog EightLeafLog()
    {
        var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test" });
        log.AppendBatch(TestVectors.Leaves());
        return log;
    }
}

using FsCheck;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Log;

namespace Mobility.CarpoolProof.Tests.Log;

public sealed class ProofPropertyTests
{
    private const int ExhaustiveSize = 300;

    [Fact]
    public void Every_inclusion_proof_verifies_for_every_leaf_of_every_size_up_to_300()
    {
        var log = LogFixture.LargeLog;
        var hashes = LogFixture.LargeLeafHashes;
        for (var size = 1; size <= ExhaustiveSize; size++)
        {
            var root = ReferenceMerkle.Mth(hashes, 0, size);
            Assert.Equal(root, log.RootHash(size));
            for (var index = 0; index < size; index++)
            {
                var proof = log.ProveInclusion(index, size);
                Assert.True(ProofVerifier.VerifyInclusion(hashes[index], index, size, proof.Path, root), $"leaf {index} of {size}");
            }
        }
    }

    [Fact]
    public void Every_consistency_proof_verifies_for_every_pair_of_sizes_up_to_300()
    {
        var log = LogFixture.LargeLog;
        var hashes = LogFixture.LargeLeafHashes;
        var roots = Enumerable.Range(0, ExhaustiveSize + 1).Select(n => ReferenceMerkle.Mth(hashes, 0, n)).ToArray();
        for (var second = 0; second <= ExhaustiveSize; second++)
        {
            for (var first = 0; first <= second; first++)
            {
                var proof = log.ProveConsistency(first, second);
                Assert.True(ProofVerifier.VerifyConsistency(first, second, roots[first], roots[second], proof.Path), $"{first} -> {second}");
            }
        }
    }

    [Fact]
    public void Proofs_equal_the_plain_recursive_definitions_for_sizes_up_to_64()
    {
        var log = LogFixture.LargeLog;
        var hashes = LogFixture.LargeLeafHashes;
        for (var size = 1; size <= 64; size++)
        {
            for (var m = 0; m < size; m++)
            {
                Assert.Equal(ReferenceMerkle.Path(m, hashes, 0, size), log.ProveInclusion(m, size).Path);
                if (m > 0)
                {
                    Assert.Equal(ReferenceMerkle.SubProof(m, hashes, 0, size, true), log.ProveConsistency(m, size).Path);
                }
            }
        }
    }

    [Property(MaxTest = 300)]
    public bool Inclusion_proof_verifies_against_a_root_recomputed_from_scratch(PositiveInt sizeSeed, NonNegativeInt indexSeed)
    {
        var size = 1 + (sizeSeed.Get % LogFixture.LargeSize);
        var index = indexSeed.Get % size;
        var root = ReferenceMerkle.Mth(LogFixture.LargeLeafHashes, 0, size);
        var proof = LogFixture.LargeLog.ProveInclusion(index, size);
        return ProofVerifier.VerifyInclusion(LogFixture.LargeLeafHashes[index], index, size, proof.Path, root);
    }

    [Property(MaxTest = 300)]
    public bool Consistency_proof_verifies_against_roots_recomputed_from_scratch(NonNegativeInt a, NonNegativeInt b)
    {
        var second = b.Get % (LogFixture.LargeSize + 1);
        var first = second == 0 ? 0 : a.Get % (second + 1);
        var hashes = LogFixture.LargeLeafHashes;
        var proof = LogFixture.LargeLog.ProveConsistency(first, second);
        return ProofVerifier.VerifyConsistency(first, second, ReferenceMerkle.Mth(hashes, 0, first), ReferenceMerkle.Mth(hashes, 0, second), proof.Path);
    }

    [Property(MaxTest = 500)]
    public bool Flipping_any_bit_of_leaf_proof_or_root_breaks_inclusion(PositiveInt sizeSeed, NonNegativeInt indexSeed, NonNegativeInt target, NonNegativeInt bit)
    {
        var size = 1 + (sizeSeed.Get % LogFixture.LargeSize);
        var index = indexSeed.Get % size;
        var log = LogFixture.LargeLog;
        var leaf = (byte[])LogFixture.LargeLeaves[index].Clone();
        var root = log.RootHash(size);
        var path = log.ProveInclusion(index, size).Path.Select(p => (byte[])p.Clone()).ToList();

        // Target 0: a bit of the leaf's bytes; 1: of the root; 2..: of a path element.
        var where = target.Get % (2 + path.Count);
        var buffer = where switch { 0 => leaf, 1 => root, _ => path[where - 2] };
        buffer[bit.Get % buffer.Length] ^= (byte)(1 << (bit.Get / buffer.Length % 8));
        return !ProofVerifier.VerifyInclusion(TreeHasher.HashLeaf(leaf), index, size, path, root);
    }

    [Property(MaxTest = 500)]
    public bool Flipping_any_bit_of_proof_or_roots_breaks_consistency(PositiveInt b, NonNegativeInt a, NonNegativeInt target, NonNegativeInt bit)
    {
        var second = 2 + (b.Get % (LogFixture.LargeSize - 1));
        var first = 1 + (a.Get % (second - 1));
        var log = LogFixture.LargeLog;
        var firstRoot = log.RootHash(first);
        var secondRoot = log.RootHash(second);
        var path = log.ProveConsistency(first, second).Path.Select(p => (byte[])p.Clone()).ToList();
        var where = target.Get % (2 + path.Count);
        var buffer = where switch { 0 => firstRoot, 1 => secondRoot, _ => path[where - 2] };
        buffer[bit.Get % buffer.Length] ^= (byte)(1 << (bit.Get / buffer.Length % 8));
        return !ProofVerifier.VerifyConsistency(first, second, firstRoot, secondRoot, path);
    }

    [Fact]
    public void Every_single_bit_flip_of_a_proof_element_is_detected_at_a_few_sizes()
    {
        var log = LogFixture.LargeLog;
        foreach (var (index, size) in new[] { (0L, 1L), (5L, 8L), (1000L, 1001L), (1234L, 4096L), (4095L, 4096L), (17L, 3000L) })
        {
            var root = log.RootHash(size);
            var leafHash = log.LeafHash(index);
            var path = log.ProveInclusion(index, size).Path;
            foreach (var element in path)
            {
                for (var bit = 0; bit < 256; bit++)
                {
                    element[bit / 8] ^= (byte)(1 << (bit % 8));
                    Assert.False(ProofVerifier.VerifyInclusion(leafHash, index, size, path, root));
                    element[bit / 8] ^= (byte)(1 << (bit % 8));
                }
            }

            Assert.True(ProofVerifier.VerifyInclusion(leafHash, index, size, path, root));
        }
    }

    [Fact]
    public void Streaming_compact_range_root_equals_the_recursive_root_for_every_size_up_to_600()
    {
        var range = new CompactRange();
        var hashes = LogFixture.LargeLeafHashes;
        Assert.Equal(ReferenceMerkle.Mth(hashes, 0, 0), range.RootHash());
        for (var n = 1; n <= 600; n++)
        {
            range.AddLeaf(LogFixture.LargeLeaves[n - 1]);
            Assert.Equal(ReferenceMerkle.Mth(hashes, 0, n), range.RootHash());
        }
    }
}

namespace Mobility.CarpoolProof.Log;

/// <summary>An RFC 9162 2.1.3 inclusion proof (audit path) of leaf <see cref="LeafIndex"/> in the tree of <see cref="TreeSize"/> leaves.</summary>
/// <param name="Path">The hashes from the leaf's sibling up to the root's child, each 32 bytes.</param>
public sealed record InclusionProof(long LeafIndex, long TreeSize, IReadOnlyList<byte[]> Path);

/// <summary>An RFC 9162 2.1.4 consistency proof between the trees of <see cref="FirstSize"/> and <see cref="SecondSize"/> leaves.</summary>
public sealed record ConsistencyProof(long FirstSize, long SecondSize, IReadOnlyList<byte[]> Path);

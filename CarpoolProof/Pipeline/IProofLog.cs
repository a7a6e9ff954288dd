namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// What the pipeline needs from the transparency log (CarpoolProof/Log): batched durable appends, a signed
/// checkpoint, inclusion proofs. Kept narrow so the log can be local (SQLite) or a cluster sequencer.
/// </summary>
public interface IProofLog
{
    /// <summary>Appends the leaves in order, durably, and returns the index of the first.</summary>
    long Append(IReadOnlyList<byte[]> leaves);

    /// <summary>The latest signed checkpoint (C2SP tlog-checkpoint, signed note text) and the tree size it commits to.</summary>
    (long TreeSize, string SignedNote) Checkpoint();

    /// <summary>RFC 9162 2.1.3 inclusion proof of leaf <paramref name="index"/> in the tree of size <paramref name="treeSize"/>.</summary>
    IReadOnlyList<byte[]> ProveInclusion(long index, long treeSize);
}

namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>
/// Durable, append-only storage of a transparency log: leaves, leaf hashes, the hash of every complete subtree
/// (level &gt;= 1), the current size and root, and the signed checkpoints. One <see cref="Append"/> is one transaction.
/// A store that finds itself corrupt or inconsistent throws <see cref="LogStoreCorruptException"/> and never repairs.
/// </summary>
public interface ILogStore : IDisposable
{
    /// <summary>A short description for messages (file path, database).</summary>
    string Description { get; }

    /// <summary>Number of leaves durably stored.</summary>
    long Size { get; }

    /// <summary>The root hash recorded with the last batch (the empty-tree hash for an empty log).</summary>
    byte[] RootHash { get; }

    /// <summary>Writes a batch in one transaction; fails, storing nothing, if <see cref="LogBatch.StartIndex"/> is not <see cref="Size"/>.</summary>
    void Append(LogBatch batch);

    /// <summary>The bytes of leaf <paramref name="index"/>.</summary>
    byte[] ReadLeaf(long index);

    /// <summary>Leaves <paramref name="start"/> .. start + count - 1 in order.</summary>
    IEnumerable<byte[]> ReadLeaves(long start, long count);

    /// <summary>
    /// Copies the hashes of nodes (level, start) .. (level, start + count - 1) into <paramref name="destination"/>
    /// (32 bytes each); level 0 is the leaf hashes. Throws <see cref="LogStoreCorruptException"/> if one is missing.
    /// </summary>
    void ReadHashes(int level, long start, int count, Span<byte> destination);

    /// <summary>Records a signed checkpoint note for tree size <paramref name="size"/>.</summary>
    void SaveCheckpoint(long size, string note);

    /// <summary>The most recently saved checkpoint note (largest size), or null.</summary>
    string? LatestCheckpoint();
}

/// <summary>One append transaction: leaves from <see cref="StartIndex"/>, their hashes, the subtrees they complete, the new root.</summary>
/// <param name="LeafHashes">32 bytes per leaf, in order.</param>
/// <param name="CheckpointNote">
/// A signed checkpoint of the new tree (size <see cref="NewSize"/>) to store in the same transaction, as
/// <see cref="ILogStore.SaveCheckpoint"/> would: one commit (one fsync) per batch instead of two. Null: none.
/// </param>
public sealed record LogBatch(long StartIndex, IReadOnlyList<ReadOnlyMemory<byte>> Leaves, ReadOnlyMemory<byte> LeafHashes, IReadOnlyList<NodeHash> Nodes, byte[] NewRoot,
    string? CheckpointNote = null)
{
    public long NewSize => StartIndex + Leaves.Count;
}

namespace Mobility.CarpoolProof.Log;

/// <summary>
/// Every complete-subtree hash of the tree in memory (2 hashes per leaf), in flat chunked byte arrays per level so
/// that a proof reads one array slot per level. One writer appends; readers may read any node below the size the
/// writer has published without taking a lock (chunks are never moved once full, and a growing first chunk is
/// copied before it is replaced).
/// </summary>
public sealed class NodeCache : INodeSource
{
    private const int ChunkShift = 15; // 32,768 hashes = 1 MiB per chunk
    private const int ChunkHashes = 1 << ChunkShift;
    private const int MaxLevels = 64;
    private readonly byte[]?[]?[] _levels = new byte[]?[]?[MaxLevels];

    /// <inheritdoc/>
    public void ReadNode(int level, long index, Span<byte> destination) => Node(level, index).CopyTo(destination);

    /// <summary>The stored hash of node (level, index); the caller guarantees it was written.</summary>
    public ReadOnlySpan<byte> Node(int level, long index)
    {
        var chunks = Volatile.Read(ref _levels[level]) ?? throw new InvalidOperationException($"No node at level {level}.");
        var chunk = Volatile.Read(ref chunks[index >> ChunkShift]) ?? throw new InvalidOperationException($"No node ({level}, {index}).");
        var offset = (int)(index & (ChunkHashes - 1)) * TreeHasher.HashSize;
        return chunk.AsSpan(offset, TreeHasher.HashSize);
    }

    /// <summary>Stores the hash of node (level, index), growing the level as needed.</summary>
    public void Write(int level, long index, ReadOnlySpan<byte> hash)
    {
        var chunkIndex = (int)(index >> ChunkShift);
        var chunks = _levels[level];
        if (chunks is null || chunkIndex >= chunks.Length)
        {
            var grown = new byte[]?[Math.Max(4, Math.Max(chunkIndex + 1, (chunks?.Length ?? 0) * 2))];
            chunks?.CopyTo(grown, 0);
            Volatile.Write(ref _levels[level], grown);
            chunks = grown;
        }

        var slot = (int)(index & (ChunkHashes - 1));
        var chunk = chunks[chunkIndex];
        var needed = (slot + 1) * TreeHasher.HashSize;
        if (chunk is null || chunk.Length < needed)
        {
            // Only the first chunk of a level grows by doubling; later chunks start full size.
            var size = chunkIndex > 0 ? ChunkHashes * TreeHasher.HashSize
                : Math.Min(ChunkHashes * TreeHasher.HashSize, Math.Max(needed, (chunk?.Length ?? 0) * 2));
            size = Math.Max(size, needed);
            var bigger = new byte[size];
            chunk?.CopyTo(bigger, 0);
            Volatile.Write(ref chunks[chunkIndex], bigger);
            chunk = bigger;
        }

        hash.CopyTo(chunk.AsSpan(slot * TreeHasher.HashSize, TreeHasher.HashSize));
    }

    /// <summary>
    /// Stores the hash of leaf <paramref name="index"/> and every subtree it completes; the completed interior nodes
    /// are reported to <paramref name="completed"/> (to be persisted).
    /// </summary>
    public void AppendLeafHash(long index, ReadOnlySpan<byte> leafHash, List<NodeHash>? completed)
    {
        Write(0, index, leafHash);
        Span<byte> parent = stackalloc byte[TreeHasher.HashSize];
        var level = 0;
        // RFC 9162 2.1.1: a right child (odd index) completes its parent.
        for (var i = index; (i & 1) == 1; i >>= 1, level++)
        {
            TreeHasher.HashChildren(Node(level, i - 1), Node(level, i), parent);
            Write(level + 1, i >> 1, parent);
            completed?.Add(new NodeHash(level + 1, i >> 1, parent.ToArray()));
        }
    }

    /// <summary>Approximate bytes held.</summary>
    public long AllocatedBytes()
    {
        long total = 0;
        foreach (var level in _levels)
        {
            if (level is null)
            {
                continue;
            }

            foreach (var chunk in level)
            {
                total += chunk?.Length ?? 0;
            }
        }

        return total;
    }
}

/// <summary>The hash of complete subtree (level, index) of the log.</summary>
public readonly record struct NodeHash(int Level, long Index, byte[] Hash);

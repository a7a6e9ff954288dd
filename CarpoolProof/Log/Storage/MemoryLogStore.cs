namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>An ephemeral store for tests and benchmarks: the same contract as the durable stores, gone with the process.</summary>
public sealed class MemoryLogStore : ILogStore
{
    private readonly Lock _gate = new();
    private readonly List<byte[]> _leaves = [];
    private readonly List<byte[]> _leafHashes = [];
    private readonly Dictionary<(int Level, long Index), byte[]> _nodes = [];
    private readonly SortedDictionary<long, string> _checkpoints = [];
    private byte[] _root = TreeHasher.EmptyRoot();
    private long _size;

    /// <param name="keepLeaves">
    /// False keeps only the size and root (benchmarks of millions of leaves, whose hashes live in the log's memory
    /// anyway); reading leaves or hashes back then fails.
    /// </param>
    public MemoryLogStore(bool keepLeaves = true) => KeepLeaves = keepLeaves;

    public bool KeepLeaves { get; }

    public string Description => "in-memory store";

    public long Size
    {
        get { lock (_gate) { return _size; } }
    }

    public byte[] RootHash
    {
        get { lock (_gate) { return (byte[])_root.Clone(); } }
    }

    public void Append(LogBatch batch)
    {
        lock (_gate)
        {
            if (batch.StartIndex != _size)
            {
                throw new LogStoreConflictException($"Batch starts at {batch.StartIndex} but the store holds {_size} leaves.");
            }

            if (KeepLeaves)
            {
                for (var i = 0; i < batch.Leaves.Count; i++)
                {
                    _leaves.Add(batch.Leaves[i].ToArray());
                    _leafHashes.Add(batch.LeafHashes.Span.Slice(i * TreeHasher.HashSize, TreeHasher.HashSize).ToArray());
                }

                foreach (var node in batch.Nodes)
                {
                    _nodes[(node.Level, node.Index)] = node.Hash;
                }
            }

            _size = batch.NewSize;
            if (batch.CheckpointNote is { } note)
            {
                _checkpoints[batch.NewSize] = note;
            }

            _root = (byte[])batch.NewRoot.Clone();
        }
    }

    public byte[] ReadLeaf(long index)
    {
        lock (_gate)
        {
            if (!KeepLeaves)
            {
                throw new InvalidOperationException("This in-memory store keeps hashes only.");
            }

            return index >= 0 && index < _leaves.Count ? (byte[])_leaves[(int)index].Clone() : throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    public IEnumerable<byte[]> ReadLeaves(long start, long count)
    {
        for (var i = start; i < start + count; i++)
        {
            yield return ReadLeaf(i);
        }
    }

    public void ReadHashes(int level, long start, int count, Span<byte> destination)
    {
        lock (_gate)
        {
            if (!KeepLeaves && count > 0)
            {
                throw new InvalidOperationException("This in-memory store keeps no hashes.");
            }

            for (var i = 0; i < count; i++)
            {
                var index = start + i;
                byte[]? hash = level == 0
                    ? (index < _leafHashes.Count ? _leafHashes[(int)index] : null)
                    : _nodes.GetValueOrDefault((level, index));
                if (hash is null)
                {
                    throw new LogStoreCorruptException($"{Description}: node ({level}, {index}) is missing.");
                }

                hash.CopyTo(destination.Slice(i * TreeHasher.HashSize, TreeHasher.HashSize));
            }
        }
    }

    public void SaveCheckpoint(long size, string note)
    {
        lock (_gate)
        {
            _checkpoints[size] = note;
        }
    }

    public string? LatestCheckpoint()
    {
        lock (_gate)
        {
            return _checkpoints.Count == 0 ? null : _checkpoints.Last().Value;
        }
    }

    public void Dispose()
    {
    }
}

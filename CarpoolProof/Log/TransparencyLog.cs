using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Log;

/// <summary>
/// An append-only RFC 9162 Merkle log over a durable <see cref="ILogStore"/>. Appends are serialized (one store
/// transaction per batch); every read (root, proof) may run concurrently from any thread against any size up to
/// <see cref="Size"/>. All complete-subtree hashes are kept in memory (64 bytes a leaf) so that a proof costs one
/// array read per level.
/// </summary>
public sealed class TransparencyLog : IDisposable
{
    private const int LoadChunk = 1 << 16;
    private readonly NodeCache _nodes = new();
    private readonly Lock _writeGate = new();
    private readonly Lock _checkpointGate = new();
    private long _size;
    private SignedCheckpoint? _latest;

    private TransparencyLog(ILogStore store, TransparencyLogOptions options)
    {
        Store = store;
        Options = options;
    }

    public ILogStore Store { get; }

    public TransparencyLogOptions Options { get; }

    /// <summary>Number of leaves appended and durably stored.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>The verifier of the checkpoint key, if the log signs.</summary>
    public NoteVerifier? Verifier => Options.Signer?.Verifier;

    /// <summary>Bytes of hashes held in memory.</summary>
    public long CachedHashBytes => _nodes.AllocatedBytes();

    /// <summary>
    /// Opens the log held by <paramref name="store"/>: loads every stored hash and checks it as
    /// <see cref="TransparencyLogOptions.OpenCheck"/> says. A store that fails the check raises
    /// <see cref="LogStoreCorruptException"/> and is left as it is.
    /// </summary>
    public static TransparencyLog Open(ILogStore store, TransparencyLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        var log = new TransparencyLog(store, options);
        log.Load();
        return log;
    }

    /// <summary>Opens (or creates) the log in the SQLite file <paramref name="path"/>, the single-node default.</summary>
    public static TransparencyLog OpenSqlite(string path, TransparencyLogOptions options)
    {
        var store = SqliteLogStore.Open(path);
        try
        {
            return Open(store, options);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>A log in memory only (tests, benchmarks).</summary>
    public static TransparencyLog CreateInMemory(TransparencyLogOptions options, bool keepLeaves = true) =>
        Open(new MemoryLogStore(keepLeaves), options);

    /// <summary>Appends one leaf; returns its index.</summary>
    public long Append(ReadOnlySpan<byte> leaf) => AppendBatch([leaf.ToArray()]);

    /// <summary>Appends leaves in one transaction; returns the index of the first. Nothing is stored if it fails.</summary>
    public long AppendBatch(IReadOnlyList<ReadOnlyMemory<byte>> leaves) => AppendBatch(leaves, checkpoint: false);

    /// <summary>
    /// Appends leaves in one transaction; returns the index of the first. With <paramref name="checkpoint"/> (and a
    /// signer), a checkpoint of the new tree is signed and stored in that same transaction and becomes the latest
    /// (<see cref="CheckpointCovering"/> then answers it without a second write); it is published only once committed.
    /// </summary>
    public long AppendBatch(IReadOnlyList<ReadOnlyMemory<byte>> leaves, bool checkpoint)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0 || leaves.Count > Options.MaxBatchLeaves)
        {
            throw new ArgumentException($"A batch holds 1 to {Options.MaxBatchLeaves} leaves, not {leaves.Count}.", nameof(leaves));
        }

        for (var i = 0; i < leaves.Count; i++)
        {
            ValidateLeaf(leaves[i].Span);
        }

        lock (_writeGate)
        {
            var start = _size;
            var leafHashes = new byte[leaves.Count * TreeHasher.HashSize];
            var completed = new List<NodeHash>(leaves.Count + 64);
            for (var i = 0; i < leaves.Count; i++)
            {
                var hash = leafHashes.AsSpan(i * TreeHasher.HashSize, TreeHasher.HashSize);
                TreeHasher.HashLeaf(leaves[i].Span, hash);
                // Nodes beyond the published size are invisible to readers; a failed batch leaves them to be overwritten.
                _nodes.AppendLeafHash(start + i, hash, completed);
            }

            var newSize = start + leaves.Count;
            var root = ProofBuilder.RootHash(_nodes, newSize);
            SignedCheckpoint? signed = null;
            if (checkpoint && Options.Signer is { } signer)
            {
                var c = new Checkpoint(Options.Origin, newSize, root, null);
                signed = new SignedCheckpoint(c, c.Sign(signer));
            }

            Store.Append(new LogBatch(start, leaves, leafHashes, completed, root, signed?.Note));
            Volatile.Write(ref _size, newSize);
            if (signed is not null)
            {
                Volatile.Write(ref _latest, signed);
            }

            return start;
        }
    }

    /// <summary>Appends leaves given as arrays in one transaction (optionally with its checkpoint); returns the index of the first.</summary>
    public long AppendBatch(IReadOnlyList<byte[]> leaves, bool checkpoint = false)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        var memory = new ReadOnlyMemory<byte>[leaves.Count];
        for (var i = 0; i < leaves.Count; i++)
        {
            memory[i] = leaves[i];
        }

        return AppendBatch(memory, checkpoint);
    }

    /// <summary>The root hash of the current tree.</summary>
    public byte[] RootHash() => RootHash(Size);

    /// <summary>MTH of the first <paramref name="size"/> leaves (RFC 9162 2.1.1).</summary>
    public byte[] RootHash(long size)
    {
        CheckSize(size);
        return ProofBuilder.RootHash(_nodes, size);
    }

    /// <summary>HASH(0x00 || leaf) of leaf <paramref name="index"/>.</summary>
    public byte[] LeafHash(long index)
    {
        CheckIndex(index, Size);
        return _nodes.Node(0, index).ToArray();
    }

    /// <summary>The bytes of leaf <paramref name="index"/>, from the store.</summary>
    public byte[] ReadLeaf(long index)
    {
        CheckIndex(index, Size);
        return Store.ReadLeaf(index);
    }

    /// <summary>RFC 9162 2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the current tree.</summary>
    public InclusionProof ProveInclusion(long index) => ProveInclusion(index, Size);

    /// <summary>RFC 9162 2.1.3.1 inclusion proof of leaf <paramref name="index"/> in the tree of <paramref name="size"/> leaves.</summary>
    public InclusionProof ProveInclusion(long index, long size)
    {
        CheckSize(size);
        CheckIndex(index, size);
        return ProofBuilder.Inclusion(_nodes, index, size);
    }

    /// <summary>RFC 9162 2.1.4.1 consistency proof between the trees of <paramref name="first"/> and <paramref name="second"/> leaves.</summary>
    public ConsistencyProof ProveConsistency(long first, long second)
    {
        CheckSize(second);
        if (first < 0 || first > second)
        {
            throw new ArgumentOutOfRangeException(nameof(first), first, $"First size must be in [0, {second}].");
        }

        return ProofBuilder.Consistency(_nodes, first, second);
    }

    /// <summary>
    /// Signs a C2SP checkpoint of the current tree with <see cref="TransparencyLogOptions.Signer"/> and saves it in
    /// the store. <paramref name="extensions"/> become extension lines.
    /// </summary>
    public SignedCheckpoint Checkpoint(IReadOnlyList<string>? extensions = null)
    {
        var signer = Options.Signer ?? throw new InvalidOperationException("This log has no checkpoint signer.");
        lock (_writeGate)
        {
            var checkpoint = new Checkpoint(Options.Origin, _size, ProofBuilder.RootHash(_nodes, _size), extensions);
            var note = checkpoint.Sign(signer);
            Store.SaveCheckpoint(checkpoint.Size, note);
            var signed = new SignedCheckpoint(checkpoint, note);
            Volatile.Write(ref _latest, signed);
            return signed;
        }
    }

    /// <summary>
    /// The latest checkpoint signed by this instance if it covers at least <paramref name="size"/> leaves, else a new
    /// one of the current tree: many attestations of one batch then share one signature and one stored checkpoint.
    /// </summary>
    public SignedCheckpoint CheckpointCovering(long size)
    {
        CheckSize(size);
        var latest = Volatile.Read(ref _latest);
        if (latest is not null && latest.Checkpoint.Size >= size)
        {
            return latest;
        }

        lock (_checkpointGate)
        {
            latest = _latest;
            return latest is not null && latest.Checkpoint.Size >= size ? latest : Checkpoint();
        }
    }

    public void Dispose() => Store.Dispose();

    private void ValidateLeaf(ReadOnlySpan<byte> leaf)
    {
        if (leaf.Length > Options.MaxLeafBytes)
        {
            throw new ArgumentException($"A leaf holds at most {Options.MaxLeafBytes} bytes, not {leaf.Length}.");
        }
    }

    private void CheckSize(long size)
    {
        if (size < 0 || size > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"Tree size must be in [0, {Size}].");
        }
    }

    private static void CheckIndex(long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Leaf index must be in [0, {size}).");
        }
    }

    private void Load()
    {
        var size = Store.Size;
        var buffer = new byte[LoadChunk * TreeHasher.HashSize];
        for (var level = 0; (size >> level) > 0; level++)
        {
            var count = size >> level;
            for (long start = 0; start < count; start += LoadChunk)
            {
                var n = (int)Math.Min(LoadChunk, count - start);
                Store.ReadHashes(level, start, n, buffer.AsSpan(0, n * TreeHasher.HashSize));
                for (var i = 0; i < n; i++)
                {
                    _nodes.Write(level, start + i, buffer.AsSpan(i * TreeHasher.HashSize, TreeHasher.HashSize));
                }
            }
        }

        if (Options.OpenCheck == LogOpenCheck.Full)
        {
            CheckEveryHash(size);
        }

        var root = ProofBuilder.RootHash(_nodes, size);
        if (!root.AsSpan().SequenceEqual(Store.RootHash))
        {
            throw new LogStoreCorruptException(
                $"{Store.Description}: the root recomputed from the stored hashes ({Convert.ToBase64String(root)}) is not the stored root "
                + $"({Convert.ToBase64String(Store.RootHash)}) at size {size}.");
        }

        _size = size;
    }

    private void CheckEveryHash(long size)
    {
        Span<byte> expected = stackalloc byte[TreeHasher.HashSize];
        var keepsLeaves = Store is not MemoryLogStore { KeepLeaves: false };
        if (keepsLeaves)
        {
            long index = 0;
            foreach (var leaf in Store.ReadLeaves(0, size))
            {
                TreeHasher.HashLeaf(leaf, expected);
                if (!expected.SequenceEqual(_nodes.Node(0, index)))
                {
                    throw new LogStoreCorruptException($"{Store.Description}: leaf {index} does not match its stored hash.");
                }

                index++;
            }

            if (index != size)
            {
                throw new LogStoreCorruptException($"{Store.Description}: {index} leaves read, {size} expected.");
            }
        }

        for (var level = 1; (size >> level) > 0; level++)
        {
            var count = size >> level;
            for (long i = 0; i < count; i++)
            {
                TreeHasher.HashChildren(_nodes.Node(level - 1, 2 * i), _nodes.Node(level - 1, (2 * i) + 1), expected);
                if (!expected.SequenceEqual(_nodes.Node(level, i)))
                {
                    throw new LogStoreCorruptException($"{Store.Description}: node ({level}, {i}) does not match its children.");
                }
            }
        }
    }
}

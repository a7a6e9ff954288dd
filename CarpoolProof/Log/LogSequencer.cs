using System.Threading.Channels;

namespace Mobility.CarpoolProof.Log;

/// <summary>
/// Coalesces appends from many threads into batches: each batch is one store transaction. Callers get the index of
/// their leaf once its batch is durable. The cluster's log singleton wraps one of these.
/// </summary>
public sealed class LogSequencer : IAsyncDisposable, IDisposable
{
    private readonly TransparencyLog _log;
    private readonly int _maxBatch;
    private readonly bool _checkpointEachBatch;
    private readonly Channel<Pending> _queue;
    private readonly Task _writer;
    private long _batches;
    private long _leaves;

    /// <param name="maxBatch">Most leaves per transaction (bounded by the log's <see cref="TransparencyLogOptions.MaxBatchLeaves"/>).</param>
    /// <param name="capacity">Most leaves waiting; further appends wait for room (back-pressure).</param>
    /// <param name="checkpointEachBatch">
    /// Sign and store a checkpoint of each batch's tree in the batch's own transaction (see
    /// <see cref="TransparencyLog.AppendBatch(IReadOnlyList{ReadOnlyMemory{byte}}, bool)"/>), so that callers who need
    /// one wait for one commit instead of a commit and then a separate checkpoint write.
    /// </param>
    public LogSequencer(TransparencyLog log, int maxBatch = 4096, int capacity = 65_536, bool checkpointEachBatch = false)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        _log = log;
        _checkpointEachBatch = checkpointEachBatch;
        _maxBatch = Math.Min(maxBatch, log.Options.MaxBatchLeaves);
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public TransparencyLog Log => _log;

    /// <summary>Transactions written so far.</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Leaves written so far through this sequencer.</summary>
    public long Leaves => Interlocked.Read(ref _leaves);

    /// <summary>Queues a leaf; completes with its index once its batch is stored, or faults if the batch failed (nothing stored).</summary>
    public async Task<long> AppendAsync(ReadOnlyMemory<byte> leaf, CancellationToken cancellationToken = default)
    {
        if (leaf.Length > _log.Options.MaxLeafBytes)
        {
            throw new ArgumentException($"A leaf holds at most {_log.Options.MaxLeafBytes} bytes, not {leaf.Length}.", nameof(leaf));
        }

        var pending = new Pending(leaf.ToArray(), new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
        return await pending.Done.Task.ConfigureAwait(false);
    }

    /// <summary>Blocking form of <see cref="AppendAsync"/>.</summary>
    public long Append(ReadOnlySpan<byte> leaf) => AppendAsync(leaf.ToArray()).GetAwaiter().GetResult();

    /// <summary>Stops accepting leaves and waits for the queued ones to be written.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        var leaves = new List<ReadOnlyMemory<byte>>(_maxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                leaves.Add(pending.Leaf);
            }

            try
            {
                var first = _log.AppendBatch(leaves, _checkpointEachBatch);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _leaves, batch.Count);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Done.TrySetResult(first + i);
                }
            }
            catch (Exception e)
            {
                foreach (var pending in batch)
                {
                    pending.Done.TrySetException(e);
                }
            }

            batch.Clear();
            leaves.Clear();
        }
    }

    private sealed record Pending(byte[] Leaf, TaskCompletionSource<long> Done);
}

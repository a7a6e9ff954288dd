using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Mobility.CarpoolProof.Territories;

namespace Mobility.Actors.Territories;

/// <summary>
/// This node's copy of the territory registry: an immutable <see cref="TerritoryMap"/> swapped whole, read without
/// locks by the declaration workflow (attribution) and the authority endpoints (access). A node that has not read the
/// registry yet does not guess: <see cref="MapAsync"/> reads it first, and fails (the caller answers 503) when the
/// registry does not answer, so that no journey is ever attributed with polygons the node does not have.
/// </summary>
public sealed class TerritoryBoard
{
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Known? _known;
    private Func<long, Task<TerritoryReplies.Snapshot?>>? _fetch;

    private sealed record Known(TerritoryMap Map, long Version);

    /// <summary>The map last read, or null before the first read.</summary>
    public TerritoryMap? Current => _known?.Map;

    public long Version => _known?.Version ?? -1;

    /// <summary>Wires the read of the registry (an ask of the singleton); done once when the actor system starts.</summary>
    public void Connect(Func<long, Task<TerritoryReplies.Snapshot?>> fetch) => _fetch = fetch;

    /// <summary>The territories, read from the registry first when this node has none yet.</summary>
    /// <exception cref="TerritoriesUnavailableException">The registry did not answer.</exception>
    public async ValueTask<TerritoryMap> MapAsync(CancellationToken ct = default)
    {
        if (_known is { } known)
        {
            return known.Map;
        }

        await RefreshAsync(ct).ConfigureAwait(false);
        return _known?.Map ?? throw new TerritoriesUnavailableException();
    }

    /// <summary>Reads the registry when it has changed since this node's copy; a failure keeps the copy.</summary>
    public async Task RefreshAsync(CancellationToken ct = default)
    {
        if (_fetch is not { } fetch)
        {
            return;
        }

        await _reading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var known = _known;
            TerritoryReplies.Snapshot? snapshot;
            try
            {
                snapshot = await fetch(known?.Version ?? -1).ConfigureAwait(false);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or OperationCanceledException)
            {
                return;
            }

            if (snapshot?.Entries is { } entries && snapshot.Version > (known?.Version ?? -1))
            {
                _known = new Known(TerritoryRegistryState.MapOf(entries), snapshot.Version);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Sets the map directly (tests, and a node that reads territories another way).</summary>
    public void Replace(TerritoryMap map, long version) => _known = new Known(map, version);
}

/// <summary>The territory registry did not answer, and this node has no copy of it yet.</summary>
public sealed class TerritoriesUnavailableException : Exception
{
    public TerritoriesUnavailableException()
        : base("The territory registry did not answer; retry later.")
    {
    }

    public TerritoriesUnavailableException(string message)
        : base(message)
    {
    }

    public TerritoriesUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// Keeps <see cref="TerritoryBoard"/> current on one node: reads the registry when the registry announces a change
/// (pub-sub, at once) and every <see cref="Interval"/> (pub-sub may lose an announcement).
/// </summary>
public sealed class TerritoryBoardRefresher : ReceiveActor, IWithTimers
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private sealed record Tick;

    public TerritoryBoardRefresher(TerritoryBoard board)
    {
        Receive<Tick>(_ => Refresh(board));
        Receive<TerritoryReplies.Changed>(c =>
        {
            if (c.Version != board.Version)
            {
                Refresh(board);
            }
        });
        Receive<SubscribeAck>(_ => { });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Off the actor: the board serializes its own reads, and a read that fails keeps the copy.</summary>
    private static void Refresh(TerritoryBoard board) => board.RefreshAsync().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);

    public static Props PropsFor(TerritoryBoard board) => Props.Create(() => new TerritoryBoardRefresher(board));

    protected override void PreStart()
    {
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(TerritoryRegistryActor.Topic, Self));
        Timers.StartPeriodicTimer("refresh", new Tick(), TimeSpan.Zero, Interval);
    }
}

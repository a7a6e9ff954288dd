using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Mobility.Actors.Operators;

namespace Mobility.Node.Feeds;

/// <summary>
/// The cluster singleton that polls every registered feed once for the whole cluster: it follows the replicated set of
/// sources, polls each when due (one poll at a time per feed, off the actor's thread) and publishes each poll's state,
/// and each new good GTFS-RT content, to every node. When it moves to another node, its successor polls at once; the
/// last good content stays replicated meanwhile, so no node loses its realtime timetable.
/// </summary>
public sealed class FeedPollingActor : ReceiveActor, IWithTimers
{
    private readonly Func<PolledFeed, FeedPoller> _create;
    private readonly TimeProvider _clock;
    private readonly Dictionary<PolledFeed, FeedPoller> _pollers = [];
    private readonly HashSet<PolledFeed> _running = [];
    private readonly Dictionary<PolledFeed, string> _published = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public FeedPollingActor(Func<PolledFeed, FeedPoller> create, TimeProvider clock)
    {
        _create = create;
        _clock = clock;
        Receive<Changed>(c => c.Key.Equals(FeedReplication.Sources), c => Follow(c.Get(FeedReplication.Sources)));
        Receive<Tick>(_ => PollDue());
        Receive<Polled>(OnPolled);
        Receive<IUpdateResponse>(_ => { }); // WriteAll timeouts are fine: gossip completes the write.
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(Func<PolledFeed, FeedPoller> create, TimeProvider clock) => Props.Create(() => new FeedPollingActor(create, clock));

    protected override void PreStart()
    {
        DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(FeedReplication.Sources, Self));
        Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.FromSeconds(1));
    }

    // Cancelled, not disposed: a poll still running holds its token (and ends with a cancellation it reports to no one).
    protected override void PostStop() => _stopping.Cancel();

    private void Follow(ORSet<string> sources)
    {
        // An unregistered feed is no longer polled; a poll in flight ends, and its result is dropped (OnPolled).
        foreach (var gone in _pollers.Keys.Where(p => !sources.Contains(p.Key)).ToList())
        {
            _pollers.Remove(gone);
            _published.Remove(gone);
            _log.Info("no longer polling {0}", gone);
        }

        foreach (var key in sources.Elements)
        {
            if (PolledFeed.TryParseKey(key, out var source) && source.Kind is FeedKind.Gbfs or FeedKind.GtfsRealtime && !_pollers.ContainsKey(source))
            {
                _pollers[source] = _create(source);
                _log.Info("polling {0}", source);
            }
        }

        PollDue();
    }

    private void PollDue()
    {
        var now = _clock.GetUtcNow();
        foreach (var (source, poller) in _pollers)
        {
            if (poller.Schedule.IsDue(now) && _running.Add(source))
            {
                poller.PollAsync(_stopping.Token).PipeTo(Self, success: ok => new Polled(source, ok), failure: e => new Polled(source, false));
            }
        }
    }

    private void OnPolled(Polled polled)
    {
        _running.Remove(polled.Source);
        if (!_pollers.TryGetValue(polled.Source, out var poller))
        {
            return; // Unregistered while it was polled.
        }

        var status = poller.Status;
        var shared = polled.Ok ? Shareable(poller) : null;
        if (shared is { } good && !(_published.TryGetValue(polled.Source, out var sha) && sha == good.Sha256))
        {
            var content = FeedContent.Of(polled.Source, good.Bytes, good.Sha256, good.At);
            if (content.Compressed.Length <= FeedContent.MaxCompressedBytes)
            {
                FeedReplication.PublishContent(Context.System, polled.Source, content);
                _published[polled.Source] = good.Sha256;
            }
            else
            {
                status = status with { LastError = $"{content.Compressed.Length} bytes compressed: more than the {FeedContent.MaxCompressedBytes} shared with the cluster, not applied" };
            }
        }

        FeedReplication.PublishStatus(Context.System, new FeedStatusEntry(polled.Source.Key, status));
    }

    /// <summary>
    /// What the other nodes need of a good poll: a GTFS-RT message as fetched, or a GBFS system's file texts (a JSON
    /// object by feed name, keys sorted, so the same files always give the same bytes and hash).
    /// </summary>
    private (byte[] Bytes, string Sha256, DateTimeOffset At)? Shareable(FeedPoller poller)
    {
        switch (poller)
        {
            case GtfsRealtimePoller { LastGood: { } rt }:
                return (rt.Bytes, rt.Sha256, rt.At);
            case GbfsPoller { LastGoodFiles: { } files }:
                var bytes = ReplicatedGbfs.Serialize(files);
                return (bytes, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), _clock.GetUtcNow());
            default:
                return null;
        }
    }

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }

    private sealed record Polled(PolledFeed Source, bool Ok);
}

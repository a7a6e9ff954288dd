using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedData;
using Akka.Event;
using Mobility.Actors.Operators;
using Mobility.Node.Snapshots;
using Mobility.Routing.Realtime;

namespace Mobility.Node.Feeds;

/// <summary>This node's view of the poll state of every feed, as the polling singleton last published it.</summary>
public sealed class FeedBoard
{
    private ImmutableDictionary<string, PollStatus> _statuses = ImmutableDictionary<string, PollStatus>.Empty;

    public PollStatus? StatusOf(PolledFeed source) => Volatile.Read(ref _statuses).GetValueOrDefault(source.Key);

    internal void Replace(IEnumerable<FeedStatusEntry> entries) =>
        Volatile.Write(ref _statuses, entries.ToImmutableDictionary(e => e.SourceKey, e => e.Status));
}

/// <summary>
/// On every node: follows the replicated poll states into <see cref="FeedBoard"/>, each GTFS-RT feed's content into
/// <see cref="RealtimeTimetables"/>, which serves the planner a timetable with it applied, and each GBFS system's files
/// into <see cref="ReplicatedGbfs"/>, which the planner reads its shared vehicles from.
/// </summary>
public sealed class FeedBoardSubscriber : ReceiveActor
{
    private readonly HashSet<string> _watched = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public FeedBoardSubscriber(FeedBoard board, RealtimeTimetables realtime, ReplicatedGbfs gbfs)
    {
        var replicator = DistributedData.Get(Context.System).Replicator;
        Receive<Changed>(c => c.Key.Equals(FeedReplication.Statuses), c => board.Replace(c.Get(FeedReplication.Statuses).Entries.Values));
        Receive<Changed>(c => c.Key.Equals(FeedReplication.Sources), c =>
        {
            var elements = c.Get(FeedReplication.Sources).Elements;
            foreach (var key in elements)
            {
                if (PolledFeed.TryParseKey(key, out var source) && source.Kind is FeedKind.GtfsRealtime or FeedKind.Gbfs && _watched.Add(key))
                {
                    gbfs.Watch(key);
                    replicator.Tell(Dsl.Subscribe(FeedReplication.ContentKey(source), Self));
                }
            }

            // An unregistered feed: its vehicles leave the planner and its realtime message the timetable.
            foreach (var gone in _watched.Where(k => !elements.Contains(k)).ToList())
            {
                _watched.Remove(gone);
                if (PolledFeed.TryParseKey(gone, out var source))
                {
                    replicator.Tell(Dsl.Unsubscribe(FeedReplication.ContentKey(source), Self));
                }

                gbfs.Remove(gone);
                _ = Task.Run(() => realtime.Remove(gone));
            }
        });
        Receive<Changed>(c => c.Key is LWWRegisterKey<FeedContent>, c =>
        {
            var content = c.Get((LWWRegisterKey<FeedContent>)c.Key).Value;
            if (!_watched.Contains(content.SourceKey))
            {
                return; // Its feed was unregistered since.
            }

            if (PolledFeed.TryParseKey(content.SourceKey, out var source) && source.Kind == FeedKind.Gbfs)
            {
                var log = _log;
                _ = Task.Run(async () =>
                {
                    if (await gbfs.OfferAsync(content) is { } refused)
                        log.Warning("GBFS {0}: replicated content {1} refused: {2}", content.SourceKey, content.Sha256, refused);
                });
                return;
            }

            FeedMessage message;
            try
            {
                message = RealtimeParser.Parse(content.Decompress());
            }
            catch (Exception e) when (e is RealtimeFormatException or InvalidDataException or EndOfStreamException)
            {
                _log.Warning("GTFS-RT {0}: replicated content {1} does not parse: {2}", content.SourceKey, content.Sha256, e.Message);
                return;
            }

            // Applying recompiles the timetable: off this actor's thread; RealtimeTimetables orders offers by fetch time.
            _ = Task.Run(() => realtime.Offer(content.SourceKey, message, content.Sha256, content.FetchedAt));
        });
    }

    public static Props PropsFor(FeedBoard board, RealtimeTimetables realtime, ReplicatedGbfs gbfs) => Props.Create(() => new FeedBoardSubscriber(board, realtime, gbfs));

    protected override void PreStart()
    {
        var replicator = DistributedData.Get(Context.System).Replicator;
        replicator.Tell(Dsl.Subscribe(FeedReplication.Sources, Self));
        replicator.Tell(Dsl.Subscribe(FeedReplication.Statuses, Self));
    }
}

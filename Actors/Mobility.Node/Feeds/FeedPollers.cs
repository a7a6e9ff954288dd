using System.Collections.Concurrent;
using Mobility.Actors.Operators;

namespace Mobility.Node.Feeds;

/// <summary>
/// The feeds this node polls (those registered through it), checked once a second and polled when due. A poll never
/// blocks another: each runs on its own, at most one at a time per feed.
/// </summary>
public sealed class FeedPollers(TimeProvider clock) : BackgroundService
{
    private readonly ConcurrentDictionary<(OperatorId, FeedKind, Uri), FeedPoller> _pollers = new();
    private readonly ConcurrentDictionary<FeedPoller, byte> _running = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(20) };

    public FeedPoller Ensure(OperatorId op, FeedKind kind, Uri url) => _pollers.GetOrAdd((op, kind, url), _ => kind switch
    {
        FeedKind.Gbfs => new GbfsPoller(_http, url, clock),
        FeedKind.GtfsRealtime => new GtfsRealtimePoller(_http, url, clock),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), "Only GBFS and GTFS-RT are polled."),
    });

    public PollStatus? StatusOf(OperatorId op, FeedKind kind, Uri url) => _pollers.TryGetValue((op, kind, url), out var p) ? p.Status : null;

    public IEnumerable<(OperatorId Operator, FeedKind Kind, Uri Url, FeedPoller Poller)> All => _pollers.Select(p => (p.Key.Item1, p.Key.Item2, p.Key.Item3, p.Value));

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            foreach (var poller in _pollers.Values)
            {
                if (poller.Schedule.IsDue(now) && _running.TryAdd(poller, 0))
                {
                    _ = Task.Run(async () =>
                    {
                        try
                        {
                            await poller.PollAsync(stoppingToken);
                        }
                        finally
                        {
                            _running.TryRemove(poller, out _);
                        }
                    }, stoppingToken);
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

using Akka.Actor;
using Mobility.Actors.Operators;

namespace Mobility.Node.Feeds;

/// <summary>
/// The node's side of feed polling. Registering a feed adds it to the cluster's replicated set of sources; the polling
/// singleton (<see cref="FeedPollingActor"/>, on one node of the cluster) polls it, so each feed is polled once
/// whatever the number of nodes, and every node reads its poll state from <see cref="FeedBoard"/>.
/// </summary>
public sealed class FeedPollers(IServiceProvider services, FeedBoard board) : IDisposable
{
    /// <summary>The HTTP client of the polls (on the node that hosts the singleton); its User-Agent names the node.</summary>
    internal HttpClient Http { get; } = new(FeedTargets.Handler(services.GetRequiredService<Configuration.NodeSettings>().Feeds.AllowPrivateTargets))
    {
        Timeout = TimeSpan.FromSeconds(20),
    };

    public void Ensure(OperatorId op, FeedKind kind, Uri url) => Ensure(PolledFeed.Of(op, kind, url));

    public void Ensure(PolledFeed source)
    {
        if (source.Kind is not (FeedKind.Gbfs or FeedKind.GtfsRealtime))
        {
            throw new ArgumentOutOfRangeException(nameof(source), "Only GBFS and GTFS-RT are polled.");
        }

        FeedReplication.Register(services.GetRequiredService<ActorSystem>(), source);
    }

    /// <summary>Stops polling an unregistered feed on the cluster, and drops its content on every node.</summary>
    public void Remove(OperatorId op, FeedKind kind, Uri url) =>
        FeedReplication.Unregister(services.GetRequiredService<ActorSystem>(), PolledFeed.Of(op, kind, url));

    public PollStatus? StatusOf(OperatorId op, FeedKind kind, Uri url) => board.StatusOf(PolledFeed.Of(op, kind, url));

    public void Dispose() => Http.Dispose();
}

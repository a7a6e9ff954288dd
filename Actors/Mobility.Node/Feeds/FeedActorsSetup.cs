using Akka.Cluster.Hosting;
using Akka.Hosting;
using Mobility.Actors.Operators;
using Mobility.Node.Configuration;
using Mobility.Node.Snapshots;

namespace Mobility.Node.Feeds;

/// <summary>Registry key of the feed polling singleton (no proxy: nodes reach it through the replicated set of sources).</summary>
public sealed class FeedPollingSingleton;

public static class FeedActorsSetup
{
    public const string SingletonName = "feed-polling";

    /// <summary>
    /// Remoting frames up to 4 MiB: a GTFS-RT content (at most <see cref="FeedContent.MaxCompressedBytes"/> compressed)
    /// travels in one Distributed Data message. The default (128,000 bytes) would drop a large city's feed.
    /// </summary>
    public const string FrameHocon = "akka.remote.dot-netty.tcp.maximum-frame-size = 4194304b";

    /// <summary>The feed serializer, the polling singleton and this node's subscriber to the replicated feeds.</summary>
    public static AkkaConfigurationBuilder AddFeedActors(this AkkaConfigurationBuilder builder, IServiceProvider services)
    {
        var settings = services.GetRequiredService<NodeSettings>();
        var clock = services.GetRequiredService<TimeProvider>();
        var http = services.GetRequiredService<FeedPollers>().Http;
        FeedPoller Create(PolledFeed source) => source.Kind switch
        {
            FeedKind.Gbfs => new GbfsPoller(http, source.Url, clock),
            FeedKind.GtfsRealtime => new GtfsRealtimePoller(http, source.Url, clock, settings.Feeds.RealtimeInterval),
            _ => throw new ArgumentOutOfRangeException(nameof(source), "Only GBFS and GTFS-RT are polled."),
        };

        return builder
            .WithCustomSerializer("mobility-feeds", [typeof(IFeedReplicated)], system => new FeedSerializer(system))
            .AddHocon(FrameHocon, HoconAddMode.Prepend)
            .WithSingleton<FeedPollingSingleton>(SingletonName, FeedPollingActor.PropsFor(Create, clock), new ClusterSingletonOptions(), createProxyToo: false)
            .WithActors((system, _) => system.ActorOf(
                FeedBoardSubscriber.PropsFor(services.GetRequiredService<FeedBoard>(), services.GetRequiredService<RealtimeTimetables>(), services.GetRequiredService<ReplicatedGbfs>()), "feed-board"))
            .AddStartup((system, _) =>
            {
                // The feed's server sees which node polls (one per cluster): the node's cluster address.
                http.DefaultRequestHeaders.TryAddWithoutValidation("X-Mobility-Node", Akka.Cluster.Cluster.Get(system).SelfAddress.ToString());
                var pollers = services.GetRequiredService<FeedPollers>();
                foreach (var url in settings.City.GtfsRealtime)
                {
                    pollers.Ensure(new PolledFeed(PolledFeed.CityOwner, FeedKind.GtfsRealtime, url));
                }

                foreach (var gbfs in settings.City.Gbfs.Where(g => g.StartsWith("http", StringComparison.Ordinal)))
                {
                    pollers.Ensure(new PolledFeed(PolledFeed.CityOwner, FeedKind.Gbfs, new Uri(gbfs)));
                }
            });
    }
}

using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Hosting;
using Akka.Persistence.Sql.Hosting;
using Akka.Remote.Hosting;
using Mobility.Actors.Accounts;
using Mobility.Actors.Campaigns;
using Mobility.Actors.Carpool;
using Mobility.Actors.Clearing;
using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;
using Mobility.Actors.Territories;
using Mobility.Actors.Trips;
using Mobility.CarpoolProof.Rules;
using Mobility.Node.Configuration;
using Mobility.Node.Feeds;

namespace Mobility.Node.Hosting;

/// <summary>The actor system of a node: remoting, cluster, event store, serializer and entities.</summary>
public static class AkkaSetup
{
    public static IServiceCollection AddMobilityActorSystem(this IServiceCollection services, NodeSettings settings) =>
        services.AddAkka(Configuration.ClusterSettings.SystemName, (akka, sp) =>
        {
            var cluster = settings.Cluster;
            akka.ConfigureLoggers(loggers =>
                {
                    loggers.LogLevel = Akka.Event.LogLevel.WarningLevel;
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithRemoting(new RemoteOptions { HostName = cluster.Host, Port = cluster.Port })
                .WithClustering(new ClusterOptions { SeedNodes = [.. cluster.SeedNodes] })
                .WithSqlPersistence(
                    connectionString: settings.Storage.ConnectionString,
                    providerName: settings.Storage.LinqToDbProvider,
                    autoInitialize: true) // Creates the journal, snapshot and metadata tables when absent.
                .AddHocon(JournalTuning.For(settings.Storage.Provider), HoconAddMode.Prepend)
                // Live offers must reach every node's planner within a second: subscribers hear of a change every
                // 100 ms instead of the default 500 ms (the WriteAll update itself is pushed at once).
                .AddHocon("akka.cluster.distributed-data.notify-subscribers-interval = 100ms", HoconAddMode.Prepend)
                // A member that crashed (no graceful leave) is downed by the split-brain resolver, keep-majority
                // (Akka's default strategy, named here so that it is plain), once the view has been stable this long.
                .AddHocon(
                    $"""
                     akka.cluster.downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                     akka.cluster.split-brain-resolver.active-strategy = keep-majority
                     akka.cluster.split-brain-resolver.stable-after = {(int)cluster.DownUnreachableAfter.TotalMilliseconds}ms
                     """,
                    HoconAddMode.Prepend)
                .AddHocon(SingletonWatch.Hocon, HoconAddMode.Prepend)
                .AddClusterBootstrap(cluster, settings.HttpUrl.Port)
                .AddMobilitySerialization()
                .WithActors((system, _) => system.ActorOf(
                    SingletonWatch.PropsFor([CarpoolActorsSetup.LogSingletonName, CampaignActorsSetup.DirectoryName, TerritoryActorsSetup.RegistryName], SingletonWatch.Period), SingletonWatch.ActorName))
                .AddOperatorActors(sp.GetRequiredService<TimeProvider>())
                .AddTripActors(sp.GetRequiredService<TimeProvider>())
                .AddAccountActors(sp.GetRequiredService<Mobility.Ticketing.Capping.CappingEngine>())
                .AddClearingActors(TimeSpan.FromSeconds(10))
                .WithActors((system, _) => system.ActorOf(LiveOfferSubscriber.PropsFor(sp.GetRequiredService<LiveOfferBoard>()), "live-offers"))
                .AddFeedActors(sp)
                .AddCarpoolActors(sp.GetRequiredService<CarpoolContext>())
                .AddCampaignActors(new CampaignContext(
                    new PlatformSettlementSigner(sp.GetRequiredService<CarpoolContext>().Platform),
                    sp.GetRequiredService<TimeProvider>()) { ImplicitTerritory = sp.GetRequiredService<CarpoolContext>().Territory })
                .AddTerritoryActors(sp.GetRequiredService<TerritoryBoard>(), sp.GetRequiredService<TimeProvider>())
                .AddStartup((system, _) =>
                {
                    if (cluster.SeedNodes.Count == 0 && cluster.Bootstrap is null)
                    {
                        // No seed nodes: a cluster of one that joins itself (the address is known only once bound, port 0 included).
                        var self = Akka.Cluster.Cluster.Get(system);
                        self.Join(self.SelfAddress);
                    }
                });
        });

    /// <summary>Cluster Bootstrap's and discovery's configuration when set (started later, once HTTP is bound: NodeHost).</summary>
    private static AkkaConfigurationBuilder AddClusterBootstrap(this AkkaConfigurationBuilder akka, Configuration.ClusterSettings cluster, int httpPort)
    {
        if (cluster.Bootstrap is not { } bootstrap)
        {
            return akka;
        }

        akka.AddHocon(Bootstrap.BootstrapHocon.For(bootstrap, httpPort), HoconAddMode.Prepend);
        return bootstrap.Discovery == Configuration.DiscoveryMethod.KubernetesApi
            ? akka.AddHocon(Akka.Discovery.KubernetesApi.KubernetesDiscovery.DefaultConfiguration(), HoconAddMode.Append)
            : akka;
    }

    /// <summary>
    /// The carpool proof services: platform key and log signer in <c>DATA/carpool</c> (created once, never
    /// overwritten); the log in <c>DATA/carpool/log.db</c>, or in PostgreSQL (schema <c>tlog</c>) when the node stores there.
    /// </summary>
    public static IServiceCollection AddCarpoolContext(this IServiceCollection services, NodeSettings settings) =>
        services.AddSingleton<TerritoryBoard>().AddSingleton(sp => CarpoolContext.Open(
            Path.Combine(settings.DataFolder, "carpool"),
            settings.Storage.Provider == StorageProvider.Postgres ? settings.Storage.ConnectionString : null,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IConfiguration>()["Mobility:Carpool:Territory"],
            sp.GetService<IRouteEstimator>(),
            sp.GetRequiredService<TerritoryBoard>()));

    /// <summary>This node's cluster address and member status.</summary>
    public static (Address Address, MemberStatus Status) ClusterState(ActorSystem system)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        return (cluster.SelfAddress, cluster.SelfMember.Status);
    }
}

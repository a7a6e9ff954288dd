using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Hosting;

namespace Mobility.Actors.Territories;

/// <summary>Registry key of the territory registry singleton's proxy: <c>IRequiredActor&lt;TerritoryRegistry&gt;</c>.</summary>
public sealed class TerritoryRegistry;

public static class TerritoryActorsSetup
{
    public const string RegistryName = "territory-registry";

    /// <summary>How long a node waits for the registry when it has no copy yet.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Starts the registry singleton (with its proxy) and this node's board refresher (needs DistributedPubSub).</summary>
    public static AkkaConfigurationBuilder AddTerritoryActors(this AkkaConfigurationBuilder builder, TerritoryBoard board, TimeProvider time, string? role = null) =>
        builder
            .WithSingleton<TerritoryRegistry>(RegistryName, TerritoryRegistryActor.PropsFor(time), new ClusterSingletonOptions { Role = role }, createProxyToo: true)
            .WithActors((system, registry) =>
            {
                var proxy = registry.Get<TerritoryRegistry>();
                board.Connect(async known => await proxy.Ask<object>(new TerritoryCommands.List(known), AskTimeout).ConfigureAwait(false) as TerritoryReplies.Snapshot);
                system.ActorOf(TerritoryBoardRefresher.PropsFor(board), "territory-board");
            });
}

using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Mobility.Actors.Operators;

/// <summary>The registry key of the operator shard region: resolve it with <c>IRequiredActor&lt;OperatorRegion&gt;</c>.</summary>
public sealed class OperatorRegion;

public static class OperatorActorsSetup
{
    public const string TypeName = "operator";

    /// <summary>Starts the operator shard region on this node (on nodes with <paramref name="role"/>, when given).</summary>
    public static AkkaConfigurationBuilder AddOperatorActors(this AkkaConfigurationBuilder builder, TimeProvider? clock = null, string? role = null) =>
        builder.WithShardRegion<OperatorRegion>(
            TypeName,
            id => OperatorActor.PropsFor(id, clock ?? TimeProvider.System),
            new OperatorMessageExtractor(),
            new ShardOptions
            {
                Role = role,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(5),
            });
}

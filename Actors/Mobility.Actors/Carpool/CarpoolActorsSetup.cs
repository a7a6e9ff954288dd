using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Mobility.Actors.Carpool;

/// <summary>Registry keys: resolve with <c>IRequiredActor&lt;JourneyRegion&gt;</c> and so on.</summary>
public sealed class JourneyRegion;

public sealed class IdentityRegion;

public sealed class KeyBindingRegion;

public sealed class BatchManifestRegion;

/// <summary>The proxy of the transparency log singleton (on every node).</summary>
public sealed class LogSingleton;

/// <summary>Routes carpool messages by journey key, identity key or binding subject.</summary>
public sealed class CarpoolMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>About ten shards per node of the largest cluster we plan for; fixed once data exists.</summary>
    public const int ShardCount = 50;

    public override string? EntityId(object message) => message switch
    {
        IJourneyMessage j => j.JourneyKey,
        IIdentityMessage i => i.IdentityKey,
        IKeyBindingMessage k => k.Subject,
        IBatchMessage b => b.BatchKey,
        _ => null,
    };
}

public static class CarpoolActorsSetup
{
    public const string JourneyTypeName = "carpool-journey";
    public const string IdentityTypeName = "carpool-identity";
    public const string KeyBindingTypeName = "key-binding";
    public const string BatchManifestTypeName = "carpool-batch";
    public const string LogSingletonName = "transparency-log";

    /// <summary>Starts the journey, identity and key-binding regions and the log singleton (with its proxy) on this node.</summary>
    public static AkkaConfigurationBuilder AddCarpoolActors(this AkkaConfigurationBuilder builder, CarpoolContext context, string? role = null)
    {
        ShardOptions Options() => new()
        {
            Role = role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = TimeSpan.FromMinutes(5),
        };

        return builder
            .WithShardRegion<JourneyRegion>(JourneyTypeName, id => JourneyActor.PropsFor(id, context), new CarpoolMessageExtractor(), Options())
            .WithShardRegion<IdentityRegion>(IdentityTypeName, id => IdentityActor.PropsFor(id, context.ReservationHold), new CarpoolMessageExtractor(), Options())
            .WithShardRegion<KeyBindingRegion>(KeyBindingTypeName, KeyBindingActor.PropsFor, new CarpoolMessageExtractor(), Options())
            .WithShardRegion<BatchManifestRegion>(BatchManifestTypeName, BatchManifestActor.PropsFor, new CarpoolMessageExtractor(), Options())
            .WithSingleton<LogSingleton>(LogSingletonName, LogSingletonActor.PropsFor(context), new ClusterSingletonOptions { Role = role }, createProxyToo: true);
    }
}

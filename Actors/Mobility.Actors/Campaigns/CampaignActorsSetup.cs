using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Mobility.Actors.Campaigns;

/// <summary>Registry keys: <c>IRequiredActor&lt;CampaignRegion&gt;</c>, <c>IRequiredActor&lt;CampaignDirectory&gt;</c> (the singleton's proxy).</summary>
public sealed class CampaignRegion;

public sealed class CampaignDirectory;

/// <summary>Routes campaign messages by campaign id.</summary>
public sealed class CampaignMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>Campaigns are few (tens per territory); fixed once data exists.</summary>
    public const int ShardCount = 20;

    public override string? EntityId(object message) => message is ICampaignMessage c ? c.CampaignId : null;
}

public static class CampaignActorsSetup
{
    public const string CampaignTypeName = "campaign";
    public const string DirectoryName = "campaign-directory";

    /// <summary>Starts the campaign region, the directory singleton (with its proxy) and DistributedPubSub on this node.</summary>
    public static AkkaConfigurationBuilder AddCampaignActors(this AkkaConfigurationBuilder builder, CampaignContext context, string? role = null) =>
        builder
            .WithDistributedPubSub(role ?? string.Empty)
            .WithShardRegion<CampaignRegion>(CampaignTypeName, id => CampaignActor.PropsFor(id, context), new CampaignMessageExtractor(), new ShardOptions
            {
                Role = role,
                StateStoreMode = StateStoreMode.DData,
                RememberEntities = false,
                PassivateIdleEntityAfter = TimeSpan.FromMinutes(30),
            })
            .WithSingleton<CampaignDirectory>(DirectoryName, CampaignDirectoryActor.PropsFor(), new ClusterSingletonOptions { Role = role }, createProxyToo: true);
}

using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Accounts;

/// <summary>Registry key of the account shard region (<c>IRequiredActor&lt;AccountRegion&gt;</c>).</summary>
public sealed class AccountRegion;

/// <summary>Routes account messages by medium id.</summary>
public sealed class AccountMessageExtractor() : HashCodeMessageExtractor(TripMessageExtractor.ShardCount)
{
    public override string? EntityId(object message) => message is IAccountMessage m ? m.Medium : null;
}

public static class AccountActorsSetup
{
    public const string TypeName = "account";

    /// <summary>A medium id: 8-64 of a-z, A-Z, 0-9, '-' and '_' (it names an entity and a persistence id).</summary>
    public static bool IsMediumId(string? medium) =>
        medium is { Length: >= 8 and <= 64 } && medium.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Starts the account shard region; every account charges under <paramref name="engine"/>'s scheme.</summary>
    public static AkkaConfigurationBuilder AddAccountActors(this AkkaConfigurationBuilder builder, CappingEngine engine, string? role = null) =>
        builder.WithShardRegion<AccountRegion>(TypeName, id => AccountActor.PropsFor(id, engine), new AccountMessageExtractor(), new ShardOptions
        {
            Role = role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = TimeSpan.FromMinutes(5),
        });
}

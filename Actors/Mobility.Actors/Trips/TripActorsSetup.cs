using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;

namespace Mobility.Actors.Trips;

/// <summary>Registry key of the trip shard region (<c>IRequiredActor&lt;TripRegion&gt;</c>).</summary>
public sealed class TripRegion;

/// <summary>Registry key of the per-traveler trip index region (<c>IRequiredActor&lt;TravelerTripsRegion&gt;</c>).</summary>
public sealed class TravelerTripsRegion;

/// <summary>Routes trip messages by trip id.</summary>
public sealed class TripMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>About ten shards per node of the largest cluster we plan for; fixed once data exists.</summary>
    public const int ShardCount = 50;

    public override string? EntityId(object message) => message is ITripMessage m ? m.TripId.Value : null;
}

/// <summary>Routes traveler index messages by traveler id.</summary>
public sealed class TravelerTripsMessageExtractor() : HashCodeMessageExtractor(TripMessageExtractor.ShardCount)
{
    public override string? EntityId(object message) => message is ITravelerTripsMessage m ? m.TravelerId.Value : null;
}

public static class TripActorsSetup
{
    public const string TypeName = "trip";
    public const string IndexTypeName = "traveler-trips";

    /// <summary>Starts the trip and traveler-index shard regions; <paramref name="clock"/> drives expiry.</summary>
    public static AkkaConfigurationBuilder AddTripActors(this AkkaConfigurationBuilder builder, TimeProvider clock, string? role = null)
    {
        var options = new ShardOptions
        {
            Role = role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = false,
            PassivateIdleEntityAfter = TimeSpan.FromMinutes(5),
        };

        // Trips are remembered (in the journal): a trip that a crash interrupted mid-booking, or before its holds were
        // brought in line, is restarted with its shard and finishes; a settled trip passivates itself and is forgotten.
        var trips = new ShardOptions
        {
            Role = role,
            StateStoreMode = StateStoreMode.DData,
            RememberEntities = true,
            RememberEntitiesStore = RememberEntitiesStore.Eventsourced,
        };
        return builder
            .WithShardRegion<TripRegion>(TypeName, id => TripActor.PropsFor(id, clock, passivateWhenSettled: true), new TripMessageExtractor(), trips)
            .WithShardRegion<TravelerTripsRegion>(IndexTypeName, TravelerTripsActor.PropsFor, new TravelerTripsMessageExtractor(), options);
    }
}

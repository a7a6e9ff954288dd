using Akka.Hosting;

namespace Mobility.Actors.Serialization;

public static class SerializationSetup
{
    /// <summary>Binds <see cref="MobilitySerializer"/> to the persisted-event, snapshot and cluster-message markers.</summary>
    public static AkkaConfigurationBuilder AddMobilitySerialization(this AkkaConfigurationBuilder builder) =>
        builder.WithCustomSerializer(
            "mobility",
            [typeof(IPersistedEvent), typeof(IPersistedSnapshot), typeof(IClusterMessage)],
            system => new MobilitySerializer(system));
}

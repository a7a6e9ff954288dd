namespace Mobility.Actors.Serialization;

/// <summary>An event written to a journal. Bound to <see cref="MobilitySerializer"/>; its type needs a manifest in <see cref="MessageContracts"/>.</summary>
public interface IPersistedEvent;

/// <summary>A snapshot written to a snapshot store. Bound to <see cref="MobilitySerializer"/>.</summary>
public interface IPersistedSnapshot;

/// <summary>A command, query or reply that may cross nodes. Bound to <see cref="MobilitySerializer"/>.</summary>
public interface IClusterMessage;

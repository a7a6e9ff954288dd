using Mobility.Actors.Serialization;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Actors.Territories;

/// <summary>Addressed to the territory registry (a cluster singleton).</summary>
public interface ITerritoryMessage : IClusterMessage;

/// <summary>One registered territory as stored and replicated: its GeoJSON geometry as registered, parsed on each node.</summary>
public sealed record TerritoryEntry(string Code, string Name, string Geometry, DateTimeOffset RegisteredAt);

public static class TerritoryCommands
{
    /// <summary>Registers a territory, or replaces the area of one registered before (journeys keep their attribution).</summary>
    public sealed record Register(byte[] Document) : ITerritoryMessage;

    /// <summary>The registry, unless it is still at <paramref name="KnownVersion"/> (then the answer carries no entries).</summary>
    public sealed record List(long KnownVersion) : ITerritoryMessage;
}

public static class TerritoryReplies
{
    /// <summary><paramref name="Changed"/>: false when the same territory was registered already (nothing persisted).</summary>
    public sealed record Registered(TerritoryEntry Entry, bool Created, bool Changed, long Version) : IClusterMessage;

    /// <summary>The document is not a valid territory: every problem at its JSON path; nothing stored.</summary>
    public sealed record Refused(IReadOnlyList<CampaignError> Errors) : IClusterMessage;

    /// <summary>The registry at <paramref name="Version"/>; <paramref name="Entries"/> null when the asker knew this version.</summary>
    public sealed record Snapshot(long Version, IReadOnlyList<TerritoryEntry>? Entries) : IClusterMessage;

    /// <summary>Published on <see cref="TerritoryRegistryActor.Topic"/> after each change: nodes read the registry again.</summary>
    public sealed record Changed(long Version) : IClusterMessage;
}

public static class TerritoryEvents
{
    /// <summary>A territory registered, or its area or name replaced.</summary>
    public sealed record Registered(string Code, string Name, string Geometry, DateTimeOffset At) : IPersistedEvent;
}

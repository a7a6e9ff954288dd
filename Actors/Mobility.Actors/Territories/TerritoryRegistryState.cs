using System.Collections.Immutable;
using System.Text;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Territories;

namespace Mobility.Actors.Territories;

/// <summary>
/// The pure state of the territory registry: every territory registered, and a version that grows with each change
/// (nodes ask "anything after version v?"). <see cref="Process"/> decides what a registration means (a refusal, no
/// change, or the event to persist); <see cref="Apply"/> folds an event in. No I/O, no clock.
/// </summary>
public sealed record TerritoryRegistryState(ImmutableSortedDictionary<string, TerritoryEntry> Entries, long Version)
{
    public static TerritoryRegistryState Empty { get; } = new(ImmutableSortedDictionary.Create<string, TerritoryEntry>(StringComparer.Ordinal), 0);

    /// <summary>A reply to give now, or an event to persist first (then <see cref="Answer"/> replies).</summary>
    public (object? Reply, TerritoryEvents.Registered? Event) Process(TerritoryCommands.Register command, DateTimeOffset now)
    {
        var (territory, errors) = TerritoryParser.TryParse(command.Document);
        if (territory is null)
        {
            return (new TerritoryReplies.Refused(errors), null);
        }

        if (Entries.TryGetValue(territory.Code, out var known) && known.Name == territory.Name && known.Geometry == territory.Geometry)
        {
            return (new TerritoryReplies.Registered(known, Created: false, Changed: false, Version), null);
        }

        return (null, new TerritoryEvents.Registered(territory.Code, territory.Name, territory.Geometry, now));
    }

    public TerritoryReplies.Snapshot List(long knownVersion) => new(Version, knownVersion == Version ? null : [.. Entries.Values]);

    public TerritoryRegistryState Apply(TerritoryEvents.Registered e) =>
        new(Entries.SetItem(e.Code, new TerritoryEntry(e.Code, e.Name, e.Geometry, e.At)), Version + 1);

    /// <summary>The reply to a registration once its event is applied to the state before it (<paramref name="before"/>).</summary>
    public TerritoryReplies.Registered Answer(TerritoryRegistryState before, TerritoryEvents.Registered e) =>
        new(Entries[e.Code], Created: !before.Entries.ContainsKey(e.Code), Changed: true, Version);

    /// <summary>The territories as the domain reads them (each geometry parsed again, as every node does).</summary>
    public static TerritoryMap MapOf(IEnumerable<TerritoryEntry> entries) => new(entries.Select(Parse));

    /// <summary>An entry as a <see cref="Territory"/>; it was valid when registered, so a failure here is a bug.</summary>
    public static Territory Parse(TerritoryEntry entry)
    {
        var document = new JsonObject { ["code"] = entry.Code, ["name"] = entry.Name, ["geometry"] = JsonNode.Parse(entry.Geometry) };
        var (territory, errors) = TerritoryParser.TryParse(Encoding.UTF8.GetBytes(document.ToJsonString()));
        return territory ?? throw new InvalidOperationException($"Stored territory {entry.Code} does not parse: {string.Join("; ", errors)}");
    }
}

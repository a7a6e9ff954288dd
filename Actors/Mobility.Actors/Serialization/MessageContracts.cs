using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Serialization;

/// <summary>
/// The stable wire names of everything <see cref="MobilitySerializer"/> writes. A manifest names a shape, not a CLR type:
/// renaming or moving a class keeps stored events readable, and a changed shape gets a new manifest (".v2") while the
/// old one stays readable. Add a line per new message; never reuse or remove a manifest that reached a journal.
/// </summary>
public static class MessageContracts
{
    private static readonly (string Manifest, JsonTypeInfo Info)[] All =
    [
        // Operator: events and snapshot (persisted).
        ("operator.registered.v1", ActorsJsonContext.Default.Registered),
        ("operator.feed-version-recorded.v1", ActorsJsonContext.Default.FeedVersionRecorded),
        ("operator.state.v1", ActorsJsonContext.Default.OperatorState),

        // Operator: commands, queries and replies (between nodes).
        ("operator.register.v1", ActorsJsonContext.Default.Register),
        ("operator.record-feed-version.v1", ActorsJsonContext.Default.RecordFeedVersion),
        ("operator.get.v1", ActorsJsonContext.Default.Get),
        ("operator.accepted.v1", ActorsJsonContext.Default.Accepted),
        ("operator.rejected.v1", ActorsJsonContext.Default.Rejected),
        ("operator.found.v1", ActorsJsonContext.Default.Found),
        ("operator.not-found.v1", ActorsJsonContext.Default.NotFound),
    ];

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest = All.ToFrozenDictionary(a => a.Manifest, a => a.Info, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = All.ToFrozenDictionary(a => a.Info.Type, a => a.Manifest);

    public static IEnumerable<(string Manifest, Type Type)> Registered => All.Select(a => (a.Manifest, a.Info.Type));

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetTypeInfo(string manifest, out JsonTypeInfo info) => ByManifest.TryGetValue(manifest, out info!);

    public static JsonTypeInfo TypeInfoFor(Type type) =>
        TryGetManifest(type, out var manifest) ? ByManifest[manifest] : throw new ArgumentException($"{type.FullName} has no manifest in {nameof(MessageContracts)}.", nameof(type));
}

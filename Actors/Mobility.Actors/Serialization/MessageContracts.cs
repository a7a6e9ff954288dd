using System.Collections.Frozen;
using System.Text.Json.Serialization.Metadata;

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

        // Trip: events and snapshot (persisted).
        ("trip.booked.v1", ActorsJsonContext.Default.TripBooked),
        ("trip.committed.v1", ActorsJsonContext.Default.TripCommitted),
        ("trip.operator-accepted.v1", ActorsJsonContext.Default.TripOperatorAccepted),
        ("trip.started.v1", ActorsJsonContext.Default.TripStarted),
        ("trip.ended.v1", ActorsJsonContext.Default.TripEnded),
        ("trip.cancelled.v1", ActorsJsonContext.Default.TripCancelled),
        ("trip.expired.v1", ActorsJsonContext.Default.TripExpired),
        ("trip.state.v1", ActorsJsonContext.Default.TripState),
        ("traveler-trips.added.v1", ActorsJsonContext.Default.TravelerTripsAdded),

        // Trip: commands, queries and replies (between nodes).
        ("trip.book.v1", ActorsJsonContext.Default.TripBook),
        ("trip.commit.v1", ActorsJsonContext.Default.TripCommit),
        ("trip.answer.v1", ActorsJsonContext.Default.TripAnswer),
        ("trip.start.v1", ActorsJsonContext.Default.TripStart),
        ("trip.end.v1", ActorsJsonContext.Default.TripEnd),
        ("trip.cancel.v1", ActorsJsonContext.Default.TripCancel),
        ("trip.expire.v1", ActorsJsonContext.Default.TripExpire),
        ("trip.get.v1", ActorsJsonContext.Default.TripGet),
        ("trip.accepted.v1", ActorsJsonContext.Default.TripAccepted),
        ("trip.rejected.v1", ActorsJsonContext.Default.TripRejected),
        ("trip.found.v1", ActorsJsonContext.Default.TripFound),
        ("trip.not-found.v1", ActorsJsonContext.Default.TripNotFound),
        ("traveler-trips.add.v1", ActorsJsonContext.Default.TravelerTripsAdd),
        ("traveler-trips.get.v1", ActorsJsonContext.Default.TravelerTripsGet),
        ("traveler-trips.list.v1", ActorsJsonContext.Default.TravelerTripsList),
    ];

    private static readonly FrozenDictionary<string, JsonTypeInfo> ByManifest = All.ToFrozenDictionary(a => a.Manifest, a => a.Info, StringComparer.Ordinal);

    private static readonly FrozenDictionary<Type, string> ByType = All.ToFrozenDictionary(a => a.Info.Type, a => a.Manifest);

    public static IEnumerable<(string Manifest, Type Type)> Registered => All.Select(a => (a.Manifest, a.Info.Type));

    public static bool TryGetManifest(Type type, out string manifest) => ByType.TryGetValue(type, out manifest!);

    public static bool TryGetTypeInfo(string manifest, out JsonTypeInfo info) => ByManifest.TryGetValue(manifest, out info!);

    public static JsonTypeInfo TypeInfoFor(Type type) =>
        TryGetManifest(type, out var manifest) ? ByManifest[manifest] : throw new ArgumentException($"{type.FullName} has no manifest in {nameof(MessageContracts)}.", nameof(type));
}

using System.Collections.Immutable;
using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Realtime;
using Mobility.Routing.Transit;

namespace Mobility.Node.Snapshots;

/// <summary>What the last good message of one GTFS-RT feed did to the served timetable.</summary>
public sealed record RealtimeFeedState(string SourceKey, string Sha256, DateTimeOffset FetchedAt, string? FeedId, int TripsUpdated, int TripsCanceled, int Warnings, string? Error);

/// <summary>
/// Publishes the routing snapshot the planner serves: the static one built from the feed files, with the last good
/// message of every GTFS-RT feed applied (<see cref="RealtimeApplier"/>). Each new message is applied to the static
/// timetable, never on top of an earlier realtime result (GTFS-RT FULL_DATASET describes the whole current state), and
/// the result replaces the served snapshot atomically through <see cref="IRoutingSnapshotSource.Swap"/>. A message
/// that cannot be applied is refused: the feed's previous message stays in force, so a broken feed never takes the
/// last good snapshot away. A message updates the static feed whose trip ids it names (the one matching most).
/// </summary>
public sealed class RealtimeTimetables(RoutingSnapshotSource source, ILogger<RealtimeTimetables>? log = null)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, Good> _feeds = new(StringComparer.Ordinal);
    private RoutingSnapshot? _static;
    private ImmutableDictionary<string, RealtimeFeedState> _states = ImmutableDictionary<string, RealtimeFeedState>.Empty;

    /// <summary>The static snapshot realtime messages are applied to (null before the first build).</summary>
    public RoutingSnapshot? Static => _static;

    /// <summary>Per GTFS-RT source key: what its last good message changed, or why its last message was refused.</summary>
    public ImmutableDictionary<string, RealtimeFeedState> States => _states;

    /// <summary>Sets the static snapshot (a new build of the feed files) and serves it with the realtime messages applied.</summary>
    public RoutingSnapshot PublishStatic(RoutingSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            _static = snapshot;
            var (next, states, _) = Compose();
            Serve(next, states);
            return next;
        }
    }

    /// <summary>
    /// Takes a new message of a feed: true when it is applied and served; false when it is older than (or the same as)
    /// the feed's current one, or cannot be applied (the previous one then stays, see <see cref="States"/>).
    /// </summary>
    public bool Offer(string sourceKey, FeedMessage message, string sha256, DateTimeOffset fetchedAt)
    {
        lock (_gate)
        {
            var previous = _feeds.GetValueOrDefault(sourceKey);
            if (previous is not null && (previous.Sha256 == sha256 || previous.FetchedAt > fetchedAt))
            {
                return false;
            }

            _feeds[sourceKey] = new Good(message, sha256, fetchedAt);
            if (_static is null)
            {
                _states = _states.SetItem(sourceKey, new RealtimeFeedState(sourceKey, sha256, fetchedAt, null, 0, 0, 0, "waiting for the static snapshot"));
                return true;
            }

            var (next, states, failed) = Compose();
            if (!failed.TryGetValue(sourceKey, out var error))
            {
                Serve(next, states);
                return true;
            }

            // Refused: the previous message (if any) stays in force, and so does the snapshot served with it.
            if (previous is null)
            {
                _feeds.Remove(sourceKey);
            }
            else
            {
                _feeds[sourceKey] = previous;
            }

            _states = _states.SetItem(sourceKey, (_states.GetValueOrDefault(sourceKey) ?? new RealtimeFeedState(sourceKey, sha256, fetchedAt, null, 0, 0, 0, null)) with { Error = error });
            log?.LogWarning("GTFS-RT {Source}: message {Sha} refused ({Error}); the previous one stays", sourceKey, sha256[..12], error);
            return false;
        }
    }

    /// <summary>Drops an unregistered feed's message: the timetable is served again without it.</summary>
    public void Remove(string sourceKey)
    {
        lock (_gate)
        {
            _states = _states.Remove(sourceKey);
            if (_feeds.Remove(sourceKey) && _static is not null)
            {
                var (next, states, _) = Compose();
                Serve(next, states);
            }
        }
    }

    /// <summary>Applies every feed's message to the static timetable, in source-key order (a failing one is skipped).</summary>
    private (RoutingSnapshot Next, ImmutableDictionary<string, RealtimeFeedState> States, Dictionary<string, string> Failed) Compose()
    {
        var failed = new Dictionary<string, string>();
        var basis = _static!;
        var timetable = basis.Planner.Timetable;
        var states = ImmutableDictionary.CreateBuilder<string, RealtimeFeedState>();
        var applied = new List<string>();
        foreach (var (key, good) in _feeds)
        {
            var feedId = FeedIdFor(basis.Planner.Timetable, good.Message);
            if (feedId is null)
            {
                states[key] = new RealtimeFeedState(key, good.Sha256, good.FetchedAt, null, 0, 0, 0, "no trip_id of the message is in any static feed");
                continue;
            }

            try
            {
                var result = RealtimeApplier.Apply(timetable, good.Message, feedId);
                timetable = result.Snapshot;
                states[key] = new RealtimeFeedState(key, good.Sha256, good.FetchedAt, feedId, result.TripsUpdated, result.TripsCanceled, result.Warnings.Count, null);
                applied.Add(string.Create(CultureInfo.InvariantCulture, $"{feedId} {good.Sha256[..8]}"));
            }
            catch (Exception e) when (e is RealtimeFormatException or ArgumentException or OverflowException)
            {
                failed[key] = e.Message;
                states[key] = new RealtimeFeedState(key, good.Sha256, good.FetchedAt, feedId, 0, 0, 0, e.Message);
            }
        }

        var next = applied.Count == 0 ? basis : basis.WithTimetable(timetable, $"{basis.Source} + GTFS-RT {string.Join(", ", applied)}");
        return (next, states.ToImmutable(), failed);
    }

    private void Serve(RoutingSnapshot next, ImmutableDictionary<string, RealtimeFeedState> states)
    {
        _states = states;
        if (!ReferenceEquals(source.Current, next))
        {
            source.Swap(next);
        }
    }

    /// <summary>The static feed (trip id prefix) in which most of the message's trip_ids exist; null when none does.</summary>
    private static string? FeedIdFor(Timetable timetable, FeedMessage message)
    {
        var tripIds = message.Entities.Select(e => e.TripUpdate?.Trip.TripId).OfType<string>().Distinct(StringComparer.Ordinal).Take(1000).ToList();
        var feedIds = timetable.Trips.Select(t => t.Id).Select(id => id[..Math.Max(0, id.IndexOf(':', StringComparison.Ordinal))])
            .Where(f => f.Length > 0).Distinct(StringComparer.Ordinal);
        return feedIds.Select(f => (Feed: f, Hits: tripIds.Count(t => timetable.TripIndex(GtfsFeed.Namespace(f, t)) is not null)))
            .Where(x => x.Hits > 0).OrderByDescending(x => x.Hits).ThenBy(x => x.Feed, StringComparer.Ordinal).Select(x => x.Feed).FirstOrDefault();
    }

    private sealed record Good(FeedMessage Message, string Sha256, DateTimeOffset FetchedAt);
}

using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Actors.Operators;
using Mobility.Node.Feeds;
using Mobility.Node.Snapshots;
using Mobility.Routing.Transit;

namespace Mobility.Node.Tests.Feeds;

/// <summary>GTFS-RT TripUpdates polled from the node's settings change what <c>GET /plan</c> answers.</summary>
public sealed class RealtimePlanTests(RealtimeVillage village) : IClassFixture<RealtimeVillage>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_polled_delay_moves_the_planned_departure_each_message_applies_to_the_static_timetable_and_a_broken_feed_keeps_the_last_good()
    {
        var tt = village.StaticTimetable;
        var (trip, query) = await FindPlannedTripAsync(tt);
        var local = trip.Id[(trip.Id.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var date = village.Tuesday.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scheduled = village.Tuesday.ToDateTime(TimeOnly.MinValue).AddSeconds(trip.Departures[0]);
        var timestamp = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        // 2 minutes late from its first stop: the plan boards the realtime copy of the trip 2 minutes later.
        await PublishAsync(TripUpdates.Message(timestamp, TripUpdates.Trip(local, date, delayFrom: ((uint)trip.Sequences[0], 120))));
        Assert.Equal(scheduled.AddMinutes(2), await BoardingAsync(query, trip.Id + "~" + date));
        Assert.Null(await BoardingAsync(query, trip.Id));

        // The next message says 1 minute: applied to the static timetable, not on top of the 2 minutes (which would be 3).
        await PublishAsync(TripUpdates.Message(timestamp + 30, TripUpdates.Trip(local, date, delayFrom: ((uint)trip.Sequences[0], 60))));
        Assert.Equal(scheduled.AddMinutes(1), await BoardingAsync(query, trip.Id + "~" + date));

        // A file that is not GTFS-RT, then a DIFFERENTIAL message (not supported): both refused, the 1 minute stays.
        var source = new PolledFeed(PolledFeed.CityOwner, FeedKind.GtfsRealtime, new Uri(village.RealtimeFile));
        var board = village.Node.Host.Services.GetRequiredService<FeedBoard>();
        var version = Version;
        village.Write([0xff, 0xff, 0xff]);
        await WaitAsync(() => board.StatusOf(source) is { ConsecutiveFailures: > 0 }, "the broken file is polled");
        village.Write(TripUpdates.Message(timestamp + 60, 1, TripUpdates.Trip(local, date, canceled: true)));
        await WaitAsync(() => village.Realtime.States.Values.Any(s => s.Error?.Contains("DIFFERENTIAL", StringComparison.Ordinal) == true), "the differential message is refused");
        Assert.Equal(version, Version);
        Assert.Equal(scheduled.AddMinutes(1), await BoardingAsync(query, trip.Id + "~" + date));
        var state = village.Realtime.States.Values.Single();
        Assert.Equal(1, state.TripsUpdated); // The 1-minute message still applies; the state tells why the last one was refused.
        Assert.Contains("DIFFERENTIAL", state.Error, StringComparison.Ordinal);

        // Canceled: neither the scheduled trip nor a realtime copy is offered that day.
        await PublishAsync(TripUpdates.Message(timestamp + 90, TripUpdates.Trip(local, date, canceled: true)));
        Assert.Null(await BoardingAsync(query, trip.Id + "~" + date));
        Assert.Null(await BoardingAsync(query, trip.Id));
        Assert.Equal(1, village.Realtime.States.Values.Single().TripsCanceled);
    }

    private long Version => village.Node.Host.Services.GetRequiredService<IRoutingSnapshotSource>().Version;

    /// <summary>A trip on the Tuesday morning whose first-to-last-stop plan boards it at its scheduled time.</summary>
    private async Task<(ScheduledTrip Trip, string Query)> FindPlannedTripAsync(Timetable tt)
    {
        var day = tt.DayIndex(village.Tuesday);
        var candidates = tt.Trips.Where(t => t.RunsOn(day) && t.Stops.Length >= 3 && t.Departures[0] is >= 7 * 3600 and <= 10 * 3600)
            .OrderBy(t => t.Departures[0]).Take(20).ToList();
        foreach (var trip in candidates)
        {
            var (from, to) = (tt.Stops[trip.Stops[0]], tt.Stops[trip.Stops[^1]]);
            var query = string.Create(CultureInfo.InvariantCulture,
                $"/plan?from={from.Lat:0.######},{from.Lon:0.######}&to={to.Lat:0.######},{to.Lon:0.######}&depart={RealtimeVillage.Local(village.Tuesday, trip.Departures[0] - 60)}&modes=walk,transit");
            if (await BoardingAsync(query, trip.Id) == village.Tuesday.ToDateTime(TimeOnly.MinValue).AddSeconds(trip.Departures[0]))
            {
                return (trip, query);
            }
        }

        throw new InvalidOperationException($"none of {candidates.Count} morning trips is planned from its first to its last stop");
    }

    /// <summary>The local time of the first transit leg on <paramref name="tripId"/> among the itineraries, or null.</summary>
    private async Task<DateTime?> BoardingAsync(string query, string tripId)
    {
        using var response = await village.Node.GetAsync(query);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("itineraries").EnumerateArray()
            .SelectMany(i => i.GetProperty("legs").EnumerateArray())
            .Where(l => l.GetProperty("mode").GetString() == "transit" && l.GetProperty("tripId").GetString() == tripId)
            .Select(l => (DateTime?)DateTimeOffset.Parse(l.GetProperty("departure").GetString()!, CultureInfo.InvariantCulture).DateTime)
            .FirstOrDefault();
    }

    /// <summary>Writes the feed and waits until the node serves a new snapshot.</summary>
    private async Task PublishAsync(byte[] message)
    {
        var before = Version;
        village.Write(message);
        await WaitAsync(() => Version > before, "a new snapshot is served");
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(condition(), "timed out waiting until " + what);
    }
}

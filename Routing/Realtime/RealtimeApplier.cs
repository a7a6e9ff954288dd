using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Transit;

namespace Mobility.Routing.Realtime;

/// <summary>The outcome of applying a realtime feed: the new snapshot and what could not be applied.</summary>
public sealed record RealtimeResult(Timetable Snapshot, int TripsUpdated, int TripsCanceled, IReadOnlyList<string> Warnings);

/// <summary>
/// Applies GTFS-Realtime TripUpdates to a static timetable snapshot and returns a new snapshot (the input is never
/// changed). A FULL_DATASET message describes the whole current state, so it is always applied to the static
/// (scheduled) snapshot, not on top of a previous realtime one. For each updated trip instance (trip, service day) the
/// scheduled trip stops running that day and a copy with the realtime times runs that day only.
/// </summary>
public static class RealtimeApplier
{
    public static RealtimeResult Apply(Timetable scheduled, FeedMessage message, string feedId)
    {
        if (message.Header.Incrementality != Incrementality.FullDataset)
        {
            throw new RealtimeFormatException("DIFFERENTIAL feeds are not supported; send FULL_DATASET messages");
        }

        var warnings = new List<string>();
        var trips = scheduled.Trips.ToList();
        var copiedDays = new HashSet<int>();
        int updated = 0, canceled = 0;
        foreach (var entity in message.Entities)
        {
            if (entity.IsDeleted || entity.TripUpdate is not { } update)
            {
                continue;
            }

            var descriptor = update.Trip;
            if (descriptor.TripId is null)
            {
                warnings.Add($"entity {entity.Id}: no trip_id (route-based matching is not supported)");
                continue;
            }

            var index = FindTrip(scheduled, feedId, descriptor);
            if (index is null)
            {
                warnings.Add($"entity {entity.Id}: trip '{descriptor.TripId}' is not in feed '{feedId}'");
                continue;
            }

            var trip = scheduled.Trips[index.Value];
            var day = ServiceDay(scheduled, trip, descriptor, update.Timestamp ?? message.Header.Timestamp);
            if (day < 0)
            {
                warnings.Add($"entity {entity.Id}: trip '{descriptor.TripId}' does not run on the given or current service day");
                continue;
            }

            switch (descriptor.ScheduleRelationship)
            {
                case TripScheduleRelationship.Scheduled:
                case TripScheduleRelationship.Canceled:
                case TripScheduleRelationship.Deleted:
                    break;
                default:
                    warnings.Add($"entity {entity.Id}: trip schedule_relationship {descriptor.ScheduleRelationship} is not supported");
                    continue;
            }

            // Stop running the scheduled instance on that day (copy-on-write of its day bits).
            var current = trips[index.Value];
            if (copiedDays.Add(index.Value))
            {
                current = current with { Days = (ulong[])current.Days.Clone() };
                trips[index.Value] = current;
            }

            current.Days[day >> 6] &= ~(1UL << (day & 63));
            if (descriptor.ScheduleRelationship != TripScheduleRelationship.Scheduled)
            {
                canceled++;
                continue;
            }

            var dayStartUtc = scheduled.ToUtc(scheduled.ServiceDayStart(trip.TimeZone, day));
            var realtime = Realtime(trip, update, dayStartUtc, local => scheduled.StopIndex(GtfsFeed.Namespace(feedId, local)), warnings, entity.Id);
            var days = new ulong[trip.Days.Length];
            days[day >> 6] |= 1UL << (day & 63);
            trips.Add(realtime with
            {
                Id = $"{trip.Id}~{scheduled.FirstDate.AddDays(day):yyyyMMdd}",
                Days = days,
            });
            updated++;
        }

        return new RealtimeResult(scheduled.WithTrips(trips), updated, canceled, warnings);
    }

    private static int? FindTrip(Timetable tt, string feedId, TripDescriptor descriptor)
    {
        var id = GtfsFeed.Namespace(feedId, descriptor.TripId!);
        if (descriptor.StartTime is { } start && GtfsTime.TryParse(start) is { } seconds &&
            tt.TripIndex($"{id}@{GtfsTime.Format(seconds)}") is { } frequencyInstance)
        {
            return frequencyInstance;
        }

        return tt.TripIndex(id);
    }

    /// <summary>The service day from start_date, else the running day nearest the feed timestamp.</summary>
    private static int ServiceDay(Timetable tt, ScheduledTrip trip, TripDescriptor descriptor, ulong? timestamp)
    {
        if (descriptor.StartDate is { } text)
        {
            if (!DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return -1;
            }

            var d = tt.DayIndex(date);
            return d >= 0 && trip.RunsOn(d) ? d : -1;
        }

        if (timestamp is null)
        {
            return -1;
        }

        var now = tt.FromUtc(DateTimeOffset.FromUnixTimeSeconds((long)timestamp.Value).UtcDateTime);
        var best = -1;
        var bestGap = long.MaxValue;
        for (var d = 0; d < tt.DayCount; d++)
        {
            if (!trip.RunsOn(d))
            {
                continue;
            }

            var start = tt.ServiceDayStart(trip.TimeZone, d);
            var gap = now < start + trip.Departures[0] ? (long)start + trip.Departures[0] - now
                : now > start + trip.Arrivals[^1] ? now - ((long)start + trip.Arrivals[^1]) : 0;
            if (gap < bestGap)
            {
                bestGap = gap;
                best = d;
            }
        }

        return best;
    }

    /// <summary>
    /// Realtime times: stops before the first update keep their schedule; an update sets its stop's times (absolute
    /// time, else delay) and its delay propagates to the following stops until the next update (GTFS-RT reference,
    /// StopTimeUpdate); NO_DATA stops and what follows them keep the schedule; SKIPPED stops are neither boarded nor
    /// alighted at. With no stop update, the trip-level delay applies to every stop. Times never decrease along the trip.
    /// </summary>
    private static ScheduledTrip Realtime(ScheduledTrip trip, TripUpdate update, DateTime dayStartUtc, Func<string, int?> stopIndex, List<string> warnings, string entity)
    {
        var n = trip.Stops.Length;
        var arr = (int[])trip.Arrivals.Clone();
        var dep = (int[])trip.Departures.Clone();
        var access = (StopAccess[])trip.Access.Clone();
        var byPosition = new StopTimeUpdate?[n];
        var lastMatched = -1;
        foreach (var u in update.StopTimeUpdates)
        {
            var pos = u.StopSequence is { } seq ? Array.IndexOf(trip.Sequences, (int)seq) : -1;
            if (pos < 0 && u.StopId is not null && stopIndex(u.StopId) is { } stop)
            {
                // Without stop_sequence, the first visit of the stop after the previous update (loops visit twice).
                pos = Array.IndexOf(trip.Stops, stop, Math.Min(n - 1, lastMatched + 1));
            }

            if (pos < 0)
            {
                warnings.Add($"entity {entity}: stop_time_update (sequence {u.StopSequence}, stop {u.StopId}) matches no stop of '{trip.Id}'");
                continue;
            }

            byPosition[pos] = u;
            lastMatched = pos;
        }

        var delay = update.StopTimeUpdates.Count == 0 ? update.Delay ?? 0 : 0;
        var dayStart = (long)(dayStartUtc - DateTime.UnixEpoch).TotalSeconds;
        for (var i = 0; i < n; i++)
        {
            if (byPosition[i] is { } u)
            {
                switch (u.ScheduleRelationship)
                {
                    case StopScheduleRelationship.NoData:
                        delay = 0;
                        break;
                    case StopScheduleRelationship.Skipped:
                        access[i] = StopAccess.None;
                        break;
                    default:
                        var arrivalDelay = EventDelay(u.Arrival, trip.Arrivals[i], dayStart) ?? EventDelay(u.Departure, trip.Departures[i], dayStart) ?? delay;
                        var departureDelay = EventDelay(u.Departure, trip.Departures[i], dayStart) ?? arrivalDelay;
                        arr[i] = trip.Arrivals[i] + arrivalDelay;
                        dep[i] = trip.Departures[i] + departureDelay;
                        delay = departureDelay;
                        continue;
                }
            }

            arr[i] = trip.Arrivals[i] + delay;
            dep[i] = trip.Departures[i] + delay;
        }

        for (var i = 0; i < n; i++)
        {
            arr[i] = Math.Max(arr[i], i > 0 ? dep[i - 1] : 0);
            dep[i] = Math.Max(dep[i], arr[i]);
        }

        return trip with { Arrivals = arr, Departures = dep, Access = access };
    }

    private static int? EventDelay(StopTimeEvent? e, int scheduled, long dayStartUnix) =>
        e switch
        {
            { Time: { } time } => checked((int)(time - (dayStartUnix + scheduled))),
            { Delay: { } d } => d,
            _ => null,
        };
}

using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Model;

namespace Mobility.Routing.Transit;

/// <summary>Options of a timetable build.</summary>
public sealed record TimetableOptions
{
    /// <summary>Change time at a stop that transfers.txt does not set (issue 3: 60 s).</summary>
    public int DefaultChangeSeconds { get; init; } = 60;

    /// <summary>Walking speed used to time transfers.txt links between distinct stops when no footpath covers them.</summary>
    public double WalkMetersPerSecond { get; init; } = 1.33;

    /// <summary>First and last service dates kept; null = the feeds' own range.</summary>
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Upper bound on the days kept, which bounds the service bitsets.</summary>
    public int MaxDays { get; init; } = 1000;
}

/// <summary>Builds a <see cref="Timetable"/> from one or more loaded GTFS feeds (ids are already namespaced per feed).</summary>
public static class TimetableBuilder
{
    /// <param name="footpaths">Given the timetable's stops, the stop-to-stop walking links computed by the caller on the
    /// street graph (null: only transfers.txt links).</param>
    public static Timetable Build(IReadOnlyList<GtfsFeed> feeds, TimetableOptions? options = null,
        Func<IReadOnlyList<TransitStop>, IEnumerable<Footpath>>? footpaths = null)
    {
        options ??= new TimetableOptions();
        if (feeds.Count == 0)
        {
            throw new ArgumentException("At least one feed.", nameof(feeds));
        }

        var zones = new List<TimeZoneInfo>();
        var stops = new List<TransitStop>();
        var lines = new List<TransitLine>();
        var shapes = new List<TransitShape>();
        var stopBase = new int[feeds.Count];
        var lineBase = new int[feeds.Count];
        var stopMap = new List<int[]>();
        var shapeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var allDates = feeds.SelectMany(f => f.Services).SelectMany(s => s.Dates).ToList();
        var first = options.From ?? (allDates.Count > 0 ? allDates.Min() : DateOnly.FromDateTime(DateTime.UtcNow));
        var last = options.To ?? (allDates.Count > 0 ? allDates.Max() : first);
        // Trips of the previous service day run into the first day, so the timetable starts one day earlier.
        first = first.AddDays(-1);
        var dayCount = Math.Clamp(last.DayNumber - first.DayNumber + 2, 1, options.MaxDays);
        var words = (dayCount + 63) / 64;

        for (var f = 0; f < feeds.Count; f++)
        {
            var feed = feeds[f];
            var zone = zones.FindIndex(z => z.Id == feed.TimeZone.Id);
            if (zone < 0)
            {
                zone = zones.Count;
                zones.Add(feed.TimeZone);
            }

            stopBase[f] = stops.Count;
            var map = new int[feed.Stops.Count];
            for (var s = 0; s < feed.Stops.Count; s++)
            {
                var stop = feed.Stops[s];
                map[s] = -1;
                if (stop.LocationType == 0)
                {
                    map[s] = stops.Count;
                    stops.Add(new TransitStop(stop.Id, stop.Name, stop.Lat, stop.Lon, f));
                }
            }

            stopMap.Add(map);
            lineBase[f] = lines.Count;
            foreach (var r in feed.Routes)
            {
                var agency = feed.Agencies[r.Agency];
                lines.Add(new TransitLine(r.Id, r.ShortName, r.LongName, r.Type, agency.Id, agency.Name, r.Color));
            }

            foreach (var shape in feed.Shapes.Values)
            {
                shapeIndex[shape.Id] = shapes.Count;
                shapes.Add(ToTransitShape(shape));
            }
        }

        var trips = new List<ScheduledTrip>();
        for (var f = 0; f < feeds.Count; f++)
        {
            var feed = feeds[f];
            var zone = zones.FindIndex(z => z.Id == feed.TimeZone.Id);
            var serviceDays = feed.Services.Select(s => DayBits(s.Dates, first, dayCount, words)).ToArray();
            var frequencies = feed.Frequencies.ToLookup(x => x.Trip);
            for (var t = 0; t < feed.Trips.Count; t++)
            {
                var trip = feed.Trips[t];
                if (trip.StopTimes.Length < 2)
                {
                    continue;
                }

                var template = ToScheduled(trip, stopMap[f], lineBase[f] + trip.Route, zone, serviceDays[trip.Service],
                    trip.ShapeId is not null && shapeIndex.TryGetValue(trip.ShapeId, out var sh) ? sh : -1);
                if (!frequencies.Contains(t))
                {
                    trips.Add(template);
                    continue;
                }

                // frequencies.txt: the trip's stop times give the relative pattern; departures from the first stop every
                // headway_secs in [start_time, end_time). exact_times 0 (headway-based) is expanded the same way, as the
                // vehicles' nominal schedule.
                var origin = template.Departures[0];
                foreach (var window in frequencies[t].OrderBy(w => w.Start))
                {
                    for (var start = window.Start; start < window.End; start += window.HeadwaySeconds)
                    {
                        var shift = start - origin;
                        trips.Add(template with
                        {
                            Id = $"{template.Id}@{GtfsTime.Format(start)}",
                            Arrivals = [.. template.Arrivals.Select(x => x + shift)],
                            Departures = [.. template.Departures.Select(x => x + shift)],
                        });
                    }
                }
            }
        }

        var change = Enumerable.Repeat(options.DefaultChangeSeconds, stops.Count).ToArray();
        var links = new Dictionary<(int, int), int>();
        if (footpaths is not null)
        {
            foreach (var fp in footpaths(stops))
            {
                if (!links.TryGetValue((fp.FromStop, fp.ToStop), out var s) || fp.Seconds < s)
                {
                    links[(fp.FromStop, fp.ToStop)] = fp.Seconds;
                }
            }
        }

        for (var f = 0; f < feeds.Count; f++)
        {
            foreach (var tr in feeds[f].Transfers)
            {
                var a = stopMap[f][tr.FromStop];
                var b = stopMap[f][tr.ToStop];
                if (a < 0 || b < 0)
                {
                    continue; // transfers between stations are not modelled; their platforms carry the footpaths
                }

                if (a == b)
                {
                    change[a] = tr.Type switch
                    {
                        2 when tr.MinTransferSeconds is { } m => m,
                        3 => 86400, // not possible: no change within a day
                        _ => change[a],
                    };
                    continue;
                }

                if (tr.Type == 3)
                {
                    links.Remove((a, b));
                    continue;
                }

                var walk = (int)Math.Ceiling(Geo.HaversineMeters(stops[a].Lat, stops[a].Lon, stops[b].Lat, stops[b].Lon) / options.WalkMetersPerSecond);
                var existing = links.TryGetValue((a, b), out var e) ? e : walk;
                links[(a, b)] = tr.Type == 2 && tr.MinTransferSeconds is { } min ? Math.Max(existing, min) : existing;
            }
        }

        return new Timetable(first, dayCount, stops, lines, shapes, zones, trips,
            [.. links.Select(kv => new Footpath(kv.Key.Item1, kv.Key.Item2, kv.Value))], change, options.DefaultChangeSeconds);
    }

    private static ScheduledTrip ToScheduled(GtfsTrip trip, int[] stopMap, int line, int zone, ulong[] days, int shape)
    {
        var n = trip.StopTimes.Length;
        var stops = new int[n];
        var arr = new int[n];
        var dep = new int[n];
        var access = new StopAccess[n];
        for (var i = 0; i < n; i++)
        {
            var st = trip.StopTimes[i];
            stops[i] = stopMap[st.Stop];
            arr[i] = st.Arrival;
            dep[i] = st.Departure;
            // pickup_type / drop_off_type 1 = none; 2 and 3 (arrange with agency/driver) stay usable.
            access[i] = (st.PickupType != 1 && i < n - 1 ? StopAccess.Board : StopAccess.None) |
                        (st.DropOffType != 1 && i > 0 ? StopAccess.Alight : StopAccess.None);
        }

        return new ScheduledTrip(trip.Id, line, zone, stops, arr, dep, access, days, shape, trip.Headsign, [.. trip.StopTimes.Select(s => s.Sequence)]);
    }

    private static ulong[] DayBits(DateOnly[] dates, DateOnly first, int dayCount, int words)
    {
        var bits = new ulong[words];
        foreach (var date in dates)
        {
            var d = date.DayNumber - first.DayNumber;
            if (d >= 0 && d < dayCount)
            {
                bits[d >> 6] |= 1UL << (d & 63);
            }
        }

        return bits;
    }

    private static TransitShape ToTransitShape(GtfsShape shape)
    {
        var meters = new double[shape.Lats.Length];
        for (var i = 1; i < meters.Length; i++)
        {
            meters[i] = meters[i - 1] + Geo.HaversineMeters(shape.Lats[i - 1], shape.Lons[i - 1], shape.Lats[i], shape.Lons[i]);
        }

        return new TransitShape(shape.Id, shape.Lats, shape.Lons, meters);
    }
}

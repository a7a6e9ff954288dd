namespace Mobility.Routing.Transit;

public sealed partial class Timetable
{
    /// <summary>
    /// Compiles scheduled trips into the flat arrays. Trips with the same line, stop sequence and access flags form a
    /// pattern; a pattern splits into several RAPTOR routes wherever a trip would overtake another, so that within a
    /// route the trips are sorted by time at every stop (what the earliest-trip binary search relies on).
    /// </summary>
    public Timetable(
        DateOnly firstDate,
        int dayCount,
        IReadOnlyList<TransitStop> stops,
        IReadOnlyList<TransitLine> lines,
        IReadOnlyList<TransitShape> shapes,
        IReadOnlyList<TimeZoneInfo> timeZones,
        IReadOnlyList<ScheduledTrip> trips,
        IReadOnlyList<Footpath> footpaths,
        IReadOnlyList<int> minChangeSeconds,
        int defaultChangeSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dayCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dayCount, 4000);
        if (minChangeSeconds.Count != stops.Count)
        {
            throw new ArgumentException("One change time per stop.", nameof(minChangeSeconds));
        }

        FirstDate = firstDate;
        DayCount = dayCount;
        Epoch = firstDate.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        Stops = stops;
        Lines = lines;
        Shapes = shapes;
        TimeZones = timeZones;
        Trips = trips;
        Footpaths = footpaths;
        DefaultChangeSeconds = defaultChangeSeconds;
        MinChange = [.. minChangeSeconds];
        DayWords = (dayCount + 63) / 64;
        _stopIndex = new Dictionary<string, int>(stops.Count, StringComparer.Ordinal);
        for (var i = 0; i < stops.Count; i++)
        {
            _stopIndex[stops[i].Id] = i;
        }

        _tripIndex = new Dictionary<string, int>(trips.Count, StringComparer.Ordinal);
        for (var i = 0; i < trips.Count; i++)
        {
            _tripIndex.TryAdd(trips[i].Id, i);
        }

        DayStart = new int[timeZones.Count][];
        for (var z = 0; z < timeZones.Count; z++)
        {
            DayStart[z] = new int[dayCount];
            for (var d = 0; d < dayCount; d++)
            {
                DayStart[z][d] = ComputeDayStart(timeZones[z], firstDate.AddDays(d));
            }
        }

        // Patterns, then non-overtaking routes within each pattern.
        var patterns = new Dictionary<PatternKey, List<int>>();
        var maxTime = 0;
        for (var t = 0; t < trips.Count; t++)
        {
            var trip = trips[t];
            Validate(trip, stops.Count, timeZones.Count);
            maxTime = Math.Max(maxTime, trip.Arrivals[^1]);
            var key = new PatternKey(trip);
            if (!patterns.TryGetValue(key, out var list))
            {
                list = [];
                patterns[key] = list;
            }

            list.Add(t);
        }

        MaxDaySpan = (maxTime / 86400) + 1;
        var routes = new List<List<int>>();
        foreach (var list in patterns.Values.OrderBy(l => trips[l[0]].Line).ThenBy(l => l[0]))
        {
            list.Sort((a, b) => CompareTimes(trips[a], trips[b]));
            var groups = new List<List<int>>();
            foreach (var t in list)
            {
                var home = groups.FirstOrDefault(g => !Overtakes(trips[g[^1]], trips[t]));
                if (home is null)
                {
                    home = [];
                    groups.Add(home);
                }

                home.Add(t);
            }

            routes.AddRange(groups);
        }

        var routeCount = routes.Count;
        RouteStopStart = new int[routeCount + 1];
        RouteTripStart = new int[routeCount + 1];
        RouteTimeStart = new int[routeCount];
        RouteTz = new int[routeCount];
        RouteMaxTime = new int[routeCount];
        long stopTotal = 0, timeTotal = 0;
        foreach (var r in routes)
        {
            stopTotal += trips[r[0]].Stops.Length;
            timeTotal += (long)trips[r[0]].Stops.Length * r.Count;
        }

        RouteStops = new int[stopTotal];
        RouteAccess = new StopAccess[stopTotal];
        Arrivals = new int[checked((int)timeTotal)];
        Departures = new int[Arrivals.Length];
        TripSource = new int[trips.Count];
        TripDays = new ulong[trips.Count * DayWords];
        int stopCursor = 0, timeCursor = 0, tripCursor = 0;
        for (var r = 0; r < routeCount; r++)
        {
            var first = trips[routes[r][0]];
            var n = first.Stops.Length;
            RouteStopStart[r] = stopCursor;
            RouteTripStart[r] = tripCursor;
            RouteTimeStart[r] = timeCursor;
            RouteTz[r] = first.TimeZone;
            first.Stops.CopyTo(RouteStops, stopCursor);
            first.Access.CopyTo(RouteAccess, stopCursor);
            stopCursor += n;
            foreach (var t in routes[r])
            {
                var trip = trips[t];
                trip.Arrivals.CopyTo(Arrivals, timeCursor);
                trip.Departures.CopyTo(Departures, timeCursor);
                timeCursor += n;
                RouteMaxTime[r] = Math.Max(RouteMaxTime[r], trip.Departures[^1]);
                TripSource[tripCursor] = t;
                Array.Copy(trip.Days, 0, TripDays, tripCursor * DayWords, Math.Min(trip.Days.Length, DayWords));
                tripCursor++;
            }
        }

        RouteStopStart[routeCount] = stopCursor;
        RouteTripStart[routeCount] = tripCursor;
        (StopRouteStart, StopRouteRoute, StopRoutePos) = BuildStopRoutes(stops.Count);
        (FootStart, FootTo, FootSeconds) = BuildFootpaths(stops.Count, footpaths);
    }

    /// <summary>A snapshot with the same stops, lines and footpaths but other trips (realtime updates).</summary>
    public Timetable WithTrips(IReadOnlyList<ScheduledTrip> trips) =>
        new(FirstDate, DayCount, Stops, Lines, Shapes, TimeZones, trips, Footpaths, MinChange, DefaultChangeSeconds);

    /// <summary>GTFS Time zero: noon minus 12 h local time, which differs from midnight on DST change days.</summary>
    private int ComputeDayStart(TimeZoneInfo zone, DateOnly date)
    {
        var noonLocal = date.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Unspecified);
        var noonUtc = TimeZoneInfo.ConvertTimeToUtc(noonLocal, zone);
        return checked((int)(noonUtc - Epoch).TotalSeconds) - (12 * 3600);
    }

    private static void Validate(ScheduledTrip trip, int stopCount, int zoneCount)
    {
        var n = trip.Stops.Length;
        if (n < 2 || trip.Arrivals.Length != n || trip.Departures.Length != n || trip.Access.Length != n ||
            (uint)trip.TimeZone >= (uint)zoneCount)
        {
            throw new ArgumentException($"Trip '{trip.Id}' is malformed.");
        }

        for (var i = 0; i < n; i++)
        {
            if ((uint)trip.Stops[i] >= (uint)stopCount || trip.Arrivals[i] > trip.Departures[i] ||
                (i > 0 && trip.Arrivals[i] < trip.Departures[i - 1]) || trip.Arrivals[i] < 0)
            {
                throw new ArgumentException($"Trip '{trip.Id}' has inconsistent times or stops at position {i}.");
            }
        }
    }

    private static int CompareTimes(ScheduledTrip a, ScheduledTrip b)
    {
        for (var i = 0; i < a.Stops.Length; i++)
        {
            var c = a.Departures[i].CompareTo(b.Departures[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return string.CompareOrdinal(a.Id, b.Id);
    }

    /// <summary>True when <paramref name="later"/> is ever earlier than <paramref name="earlier"/> at some stop.</summary>
    private static bool Overtakes(ScheduledTrip earlier, ScheduledTrip later)
    {
        for (var i = 0; i < earlier.Stops.Length; i++)
        {
            if (later.Arrivals[i] < earlier.Arrivals[i] || later.Departures[i] < earlier.Departures[i])
            {
                return true;
            }
        }

        return false;
    }

    private (int[] Start, int[] Route, int[] Pos) BuildStopRoutes(int stopCount)
    {
        var start = new int[stopCount + 1];
        foreach (var s in RouteStops)
        {
            start[s + 1]++;
        }

        for (var i = 0; i < stopCount; i++)
        {
            start[i + 1] += start[i];
        }

        var fill = (int[])start.Clone();
        var route = new int[RouteStops.Length];
        var pos = new int[RouteStops.Length];
        for (var r = 0; r < RouteTz.Length; r++)
        {
            for (var i = RouteStopStart[r]; i < RouteStopStart[r + 1]; i++)
            {
                var slot = fill[RouteStops[i]]++;
                route[slot] = r;
                pos[slot] = i - RouteStopStart[r];
            }
        }

        return (start, route, pos);
    }

    private static (int[] Start, int[] To, int[] Seconds) BuildFootpaths(int stopCount, IReadOnlyList<Footpath> footpaths)
    {
        // Keep the shortest link per ordered pair; drop self-loops (the change time covers them).
        var best = new Dictionary<(int, int), int>();
        foreach (var f in footpaths)
        {
            if ((uint)f.FromStop >= (uint)stopCount || (uint)f.ToStop >= (uint)stopCount || f.Seconds < 0)
            {
                throw new ArgumentException($"Footpath {f} refers to no stop or has a negative duration.", nameof(footpaths));
            }

            if (f.FromStop != f.ToStop && (!best.TryGetValue((f.FromStop, f.ToStop), out var s) || f.Seconds < s))
            {
                best[(f.FromStop, f.ToStop)] = f.Seconds;
            }
        }

        var start = new int[stopCount + 1];
        foreach (var ((from, _), _) in best)
        {
            start[from + 1]++;
        }

        for (var i = 0; i < stopCount; i++)
        {
            start[i + 1] += start[i];
        }

        var fill = (int[])start.Clone();
        var to = new int[best.Count];
        var seconds = new int[best.Count];
        foreach (var ((from, target), s) in best.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Value))
        {
            var slot = fill[from]++;
            to[slot] = target;
            seconds[slot] = s;
        }

        return (start, to, seconds);
    }

    private readonly struct PatternKey : IEquatable<PatternKey>
    {
        private readonly ScheduledTrip _trip;
        private readonly int _hash;

        public PatternKey(ScheduledTrip trip)
        {
            _trip = trip;
            var h = new HashCode();
            h.Add(trip.Line);
            h.Add(trip.TimeZone);
            foreach (var s in trip.Stops)
            {
                h.Add(s);
            }

            foreach (var a in trip.Access)
            {
                h.Add(a);
            }

            _hash = h.ToHashCode();
        }

        public bool Equals(PatternKey other) =>
            _trip.Line == other._trip.Line && _trip.TimeZone == other._trip.TimeZone &&
            _trip.Stops.AsSpan().SequenceEqual(other._trip.Stops) &&
            _trip.Access.AsSpan().SequenceEqual(other._trip.Access);

        public override bool Equals(object? obj) => obj is PatternKey k && Equals(k);

        public override int GetHashCode() => _hash;
    }
}

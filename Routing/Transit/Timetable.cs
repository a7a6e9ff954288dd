namespace Mobility.Routing.Transit;

/// <summary>
/// An immutable transit snapshot in flat arrays, ready for RAPTOR: trips grouped into routes (same stop sequence and
/// access, never overtaking one another), stop times per route in trip-major order, service days as bitsets, the
/// routes serving each stop, footpaths in CSR form. Times are seconds since <see cref="Epoch"/> (UTC).
/// Safe to query from many threads; never mutated after construction.
/// </summary>
public sealed partial class Timetable
{
    public DateOnly FirstDate { get; }

    public int DayCount { get; }

    /// <summary>The zero of the query time scale: midnight UTC of the day before <see cref="FirstDate"/>.</summary>
    public DateTime Epoch { get; }

    public IReadOnlyList<TransitStop> Stops { get; }

    public IReadOnlyList<TransitLine> Lines { get; }

    public IReadOnlyList<TransitShape> Shapes { get; }

    public IReadOnlyList<TimeZoneInfo> TimeZones { get; }

    /// <summary>The trips the flat arrays were compiled from (realtime updates derive new snapshots from them).</summary>
    public IReadOnlyList<ScheduledTrip> Trips { get; }

    public IReadOnlyList<Footpath> Footpaths { get; }

    public int DefaultChangeSeconds { get; }

    public int RouteCount => RouteTz.Length;

    public int StopCount => Stops.Count;

    // Per time zone and service day: seconds from Epoch to "noon minus 12h" local time (GTFS Time reference).
    internal int[][] DayStart { get; }

    internal int[] MinChange { get; }

    internal int[] RouteStopStart { get; }

    internal int[] RouteStops { get; }

    internal StopAccess[] RouteAccess { get; }

    internal int[] RouteTripStart { get; }

    internal int[] RouteTimeStart { get; }

    internal int[] RouteTz { get; }

    internal int[] RouteMaxTime { get; }

    internal int[] Arrivals { get; }

    internal int[] Departures { get; }

    /// <summary>Compiled trip index -> index in <see cref="Trips"/>.</summary>
    internal int[] TripSource { get; }

    internal ulong[] TripDays { get; }

    internal int DayWords { get; }

    internal int[] StopRouteStart { get; }

    internal int[] StopRouteRoute { get; }

    internal int[] StopRoutePos { get; }

    internal int[] FootStart { get; }

    internal int[] FootTo { get; }

    internal int[] FootSeconds { get; }

    /// <summary>The greatest number of days a trip's times reach past its service day start, plus one.</summary>
    internal int MaxDaySpan { get; }

    private readonly Dictionary<string, int> _stopIndex;
    private readonly Dictionary<string, int> _tripIndex;

    public int? StopIndex(string id) => _stopIndex.TryGetValue(id, out var i) ? i : null;

    public int? TripIndex(string id) => _tripIndex.TryGetValue(id, out var i) ? i : null;

    public DateTime ToUtc(int time) => Epoch.AddSeconds(time);

    public int FromUtc(DateTime utc) => checked((int)(utc.ToUniversalTime() - Epoch).TotalSeconds);

    /// <summary>Converts a wall-clock time in a timetable time zone to the query time scale.</summary>
    public int FromLocal(DateTime local, int timeZone = 0)
    {
        var zone = TimeZones[timeZone];
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return FromUtc(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone));
    }

    public DateTime ToLocal(int time, int timeZone = 0) => TimeZoneInfo.ConvertTimeFromUtc(ToUtc(time), TimeZones[timeZone]);

    /// <summary>The service day index of a date, or -1 outside the timetable.</summary>
    public int DayIndex(DateOnly date)
    {
        var d = date.DayNumber - FirstDate.DayNumber;
        return d >= 0 && d < DayCount ? d : -1;
    }

    /// <summary>Seconds from Epoch to the start of service day <paramref name="day"/> in a zone.</summary>
    public int ServiceDayStart(int timeZone, int day) => DayStart[timeZone][day];

    /// <summary>The compiled trips of a route, for diagnostics and tests.</summary>
    public int RouteTripCount(int route) => RouteTripStart[route + 1] - RouteTripStart[route];

    public ReadOnlySpan<int> RouteStopSpan(int route) => RouteStops.AsSpan(RouteStopStart[route], RouteStopStart[route + 1] - RouteStopStart[route]);

    /// <summary>Minimum change time at a stop (transfers.txt type 2 for the stop itself, else the default).</summary>
    public int ChangeSeconds(int stop) => MinChange[stop];

    public ReadOnlySpan<int> FootpathTargets(int stop) => FootTo.AsSpan(FootStart[stop], FootStart[stop + 1] - FootStart[stop]);

    public ReadOnlySpan<int> FootpathSeconds(int stop) => FootSeconds.AsSpan(FootStart[stop], FootStart[stop + 1] - FootStart[stop]);

    internal bool TripRunsOn(int compiledTrip, int day) =>
        (TripDays[(compiledTrip * DayWords) + (day >> 6)] & (1UL << (day & 63))) != 0;

    /// <summary>Approximate memory held by the flat arrays, in bytes.</summary>
    public long FlatArrayBytes =>
        (4L * (RouteStopStart.Length + RouteStops.Length + RouteTripStart.Length + RouteTimeStart.Length + RouteTz.Length +
               RouteMaxTime.Length + Arrivals.Length + Departures.Length + TripSource.Length + StopRouteStart.Length +
               StopRouteRoute.Length + StopRoutePos.Length + FootStart.Length + FootTo.Length + FootSeconds.Length + MinChange.Length)) +
        RouteAccess.Length + (8L * TripDays.Length) + (4L * DayStart.Sum(d => d.Length));
}

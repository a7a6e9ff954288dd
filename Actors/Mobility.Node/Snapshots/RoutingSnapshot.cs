using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Ticketing.Fares;

namespace Mobility.Node.Snapshots;

/// <summary>A latitude/longitude box, inclusive.</summary>
public readonly record struct GeoBounds(double MinLat, double MinLon, double MaxLat, double MaxLon)
{
    public bool Contains(double lat, double lon) => lat >= MinLat && lat <= MaxLat && lon >= MinLon && lon <= MaxLon;

    /// <summary>The box grown by <paramref name="meters"/> on every side (a degree of latitude is about 111.32 km).</summary>
    public GeoBounds Expand(double meters)
    {
        var dLat = meters / 111_320.0;
        var dLon = meters / (111_320.0 * Math.Max(0.01, Math.Cos(((MinLat + MaxLat) / 2) * Math.PI / 180)));
        return new GeoBounds(MinLat - dLat, MinLon - dLon, MaxLat + dLat, MaxLon + dLon);
    }
}

/// <summary>
/// Everything <c>/plan</c> reads, immutable: the street network, the transit planner on it, the area it covers and how
/// long it took to build. A new instance replaces the old one whole (<see cref="IRoutingSnapshotSource.Swap"/>).
/// </summary>
public sealed class RoutingSnapshot
{
    public RoutingSnapshot(PlannerSnapshot planner, string source, TimeSpan buildTime)
    {
        Planner = planner;
        TripPlanner = new TripPlanner(planner);
        Source = source;
        BuildTime = buildTime;
        Bounds = ComputeBounds(planner);
    }

    private RoutingSnapshot(RoutingSnapshot basis, PlannerSnapshot planner, string source)
    {
        Planner = planner;
        TripPlanner = new TripPlanner(planner);
        Source = source;
        BuildTime = basis.BuildTime;
        Bounds = basis.Bounds;
        Inputs = basis.Inputs;
        Fares = basis.Fares;
        StreetSource = basis.StreetSource;
    }

    public PlannerSnapshot Planner { get; }

    public TripPlanner TripPlanner { get; }

    public StreetNetwork Streets => Planner.Streets;

    /// <summary>Street nodes and stops; <c>/plan</c> accepts points up to the snapping distance outside it.</summary>
    public GeoBounds Bounds { get; }

    public string Source { get; }

    /// <summary>One line per feed file read to build it (what it held), for the node's start-up report.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>The file name of the street network (so a rebuild on the same streets names it).</summary>
    public string StreetSource { get; init; } = string.Empty;

    /// <summary>The feeds' transit fares, which price the transit legs of <c>/plan</c> answers.</summary>
    public TransitFares Fares { get; init; } = TransitFares.None;

    /// <summary>Wall-clock time from reading the feeds to a usable snapshot (streets, contraction, timetable, footpaths).</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>Bytes of the flat arrays of the street network and the timetable.</summary>
    public long FlatBytes => Streets.Bytes + Planner.Timetable.FlatArrayBytes;

    /// <summary>The first and last service dates of the timetable.</summary>
    public (DateOnly First, DateOnly Last) ServicePeriod =>
        (Planner.Timetable.FirstDate, Planner.Timetable.FirstDate.AddDays(Math.Max(0, Planner.Timetable.DayCount - 1)));

    public TimeZoneInfo TimeZone => Planner.Timetable.TimeZones.Count > 0 ? Planner.Timetable.TimeZones[0] : TimeZoneInfo.Utc;

    /// <summary>The same streets, stops and area with another timetable of the same stops (a realtime update).</summary>
    public RoutingSnapshot WithTimetable(Timetable timetable, string source) => new(this, Planner.WithTimetable(timetable), source);

    private static GeoBounds ComputeBounds(PlannerSnapshot planner)
    {
        double minLat = double.MaxValue, minLon = double.MaxValue, maxLat = double.MinValue, maxLon = double.MinValue;
        void Add(double lat, double lon)
        {
            minLat = Math.Min(minLat, lat);
            maxLat = Math.Max(maxLat, lat);
            minLon = Math.Min(minLon, lon);
            maxLon = Math.Max(maxLon, lon);
        }

        for (var n = 0; n < planner.Streets.NodeCount; n++)
        {
            var c = planner.Streets.NodeCoordinate(n);
            Add(c.Lat, c.Lon);
        }

        foreach (var stop in planner.Timetable.Stops)
        {
            Add(stop.Lat, stop.Lon);
        }

        return minLat > maxLat ? new GeoBounds(0, 0, 0, 0) : new GeoBounds(minLat, minLon, maxLat, maxLon);
    }
}

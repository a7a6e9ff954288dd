using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>
/// What a carpool offer costs to plan with that does not depend on the traveler: the driver's direct route (time and
/// line) and the transit stops near it, computed once per offer and street snapshot. The bounds it gives (the driver's
/// direct time, the route's box) let a query skip an offer that cannot serve it without any street search.
/// </summary>
internal sealed record CarpoolRoute(PlannerSnapshot Snapshot, double StopRadius, bool Routable, int DirectSeconds, GeoCoordinate[] Line, int[] StopsNearRoute,
    double MinLat, double MinLon, double MaxLat, double MaxLon)
{
    /// <summary>
    /// Routes per snapshot, keyed by the driver's trip rather than by offer object: a node rebuilds its offer book
    /// (new objects, mostly the same trips) whenever any offer changes, e.g. a seat booked, and a cache keyed by object
    /// recomputed every route then (and churned a weak table under a lock: most of a query's time with 150 offers).
    /// </summary>
    private static readonly ConditionalWeakTable<PlannerSnapshot, RouteTable> Tables = [];

    /// <summary>The offer's route on the snapshot of <paramref name="legs"/>; computed at first use, then shared by every query.</summary>
    public static CarpoolRoute For(CarpoolOffer offer, StreetLegFactory legs, double stopRadius)
    {
        var table = Tables.GetValue(legs.Snapshot, s => new RouteTable(s));
        var d = offer.Driver;
        var key = (d.Origin.Latitude, d.Origin.Longitude, d.Destination.Latitude, d.Destination.Longitude, stopRadius);
        if (table.Routes.TryGetValue(key, out var known))
        {
            return known;
        }

        var route = Compute(offer, legs, table.Stops, stopRadius);
        if (table.Routes.Count >= RouteTable.MaxRoutes)
        {
            // Bounded: a territory's live offers are far fewer; past the bound, start again rather than grow.
            table.Routes.Clear();
        }

        table.Routes[key] = route;
        return route;
    }

    /// <summary>The routes computed on one snapshot, and its stops on a grid for the near-route search.</summary>
    private sealed class RouteTable(PlannerSnapshot snapshot)
    {
        public const int MaxRoutes = 4 * CarpoolOfferBook.MaxOffers;

        public ConcurrentDictionary<(double, double, double, double, double), CarpoolRoute> Routes { get; } = new();

        public StopGrid Stops { get; } = new(snapshot.Timetable.Stops);
    }

    /// <summary>True when <paramref name="lat"/>, <paramref name="lon"/> is within <paramref name="meters"/> of the route's box.</summary>
    public bool NearBox(double lat, double lon, double meters)
    {
        var dLat = meters / 111_320.0;
        var dLon = meters / (111_320.0 * Math.Max(0.01, Math.Cos(lat * Math.PI / 180)));
        return lat >= MinLat - dLat && lat <= MaxLat + dLat && lon >= MinLon - dLon && lon <= MaxLon + dLon;
    }

    private static CarpoolRoute Compute(CarpoolOffer offer, StreetLegFactory legs, StopGrid grid, double stopRadius)
    {
        var d = offer.Driver;
        var from = new Place("driver origin", d.Origin.Latitude, d.Origin.Longitude);
        var to = new Place("driver destination", d.Destination.Latitude, d.Destination.Longitude);
        if (legs.MeasureWithLine(from, to, StreetProfile.Car) is not { } m)
        {
            return new CarpoolRoute(legs.Snapshot, stopRadius, false, 0, [], [], 0, 0, 0, 0);
        }

        GeoCoordinate[] line = [new(from.Lat, from.Lon), .. m.Line, new(to.Lat, to.Lon)];
        var (minLat, maxLat) = (line.Min(c => c.Lat), line.Max(c => c.Lat));
        var (minLon, maxLon) = (line.Min(c => c.Lon), line.Max(c => c.Lon));
        var route = new CarpoolRoute(legs.Snapshot, stopRadius, true, m.Seconds, line, [], minLat, minLon, maxLat, maxLon);

        // Stops within the radius of a vertex of the route (vertices of a street path are at most a block apart).
        var near = new SortedSet<int>();
        foreach (var c in line)
        {
            grid.Within(c.Lat, c.Lon, stopRadius, near);
        }

        return route with { StopsNearRoute = [.. near] };
    }
}

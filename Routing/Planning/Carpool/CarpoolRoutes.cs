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
    private static readonly ConditionalWeakTable<CarpoolOffer, CarpoolRoute> Cache = [];

    /// <summary>The offer's route on the snapshot of <paramref name="legs"/>; computed at first use, then shared by every query.</summary>
    public static CarpoolRoute For(CarpoolOffer offer, StreetLegFactory legs, double stopRadius)
    {
        if (Cache.TryGetValue(offer, out var known) && ReferenceEquals(known.Snapshot, legs.Snapshot) && known.StopRadius == stopRadius)
        {
            return known;
        }

        var route = Compute(offer, legs, stopRadius);
        Cache.AddOrUpdate(offer, route);
        return route;
    }

    /// <summary>True when <paramref name="lat"/>, <paramref name="lon"/> is within <paramref name="meters"/> of the route's box.</summary>
    public bool NearBox(double lat, double lon, double meters)
    {
        var dLat = meters / 111_320.0;
        var dLon = meters / (111_320.0 * Math.Max(0.01, Math.Cos(lat * Math.PI / 180)));
        return lat >= MinLat - dLat && lat <= MaxLat + dLat && lon >= MinLon - dLon && lon <= MaxLon + dLon;
    }

    private static CarpoolRoute Compute(CarpoolOffer offer, StreetLegFactory legs, double stopRadius)
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
        var stops = legs.Snapshot.Timetable.Stops;
        var near = new List<int>();
        for (var i = 0; i < stops.Count; i++)
        {
            var s = stops[i];
            if (route.NearBox(s.Lat, s.Lon, stopRadius) && line.Any(c => Geo.HaversineMeters(c.Lat, c.Lon, s.Lat, s.Lon) <= stopRadius))
            {
                near.Add(i);
            }
        }

        return route with { StopsNearRoute = [.. near] };
    }
}

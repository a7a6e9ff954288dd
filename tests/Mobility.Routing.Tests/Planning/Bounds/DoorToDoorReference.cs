using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;
using Mobility.Routing.Tests.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Tests.Planning.Bounds;

/// <summary>
/// The earliest door-to-door arrival computed plainly, apart from the planner, with the planner's own model: walking
/// times to every stop within the access bound (on the streets where the stop lies in the place's part of the street
/// graph, searched without any straight-line pre-filter; by the straight-line estimate elsewhere; zero when standing at
/// the stop), the timetable's footpaths and change times through <see cref="ReferenceConnectionScan"/>, and the direct
/// walk. The planner's earliest arrival must equal it to the second.
/// </summary>
internal sealed class DoorToDoorReference(PlannerSnapshot snapshot, ReferenceConnectionScan scan, ReverseConnectionScan reverse)
{
    /// <summary>Latest departure (timetable seconds) within the planner's arrive-by window that reaches the destination
    /// by <paramref name="deadline"/>, or null.</summary>
    public int? LatestDeparture(GeoCoordinate from, GeoCoordinate to, int deadline)
    {
        var walkFrom = snapshot.Place(from.Lat, from.Lon, StreetProfile.Walk);
        var walkTo = snapshot.Place(to.Lat, to.Lon, StreetProfile.Walk);
        var best = int.MinValue;
        if (DirectSeconds(from, to, walkFrom, walkTo) is { } direct)
        {
            best = deadline - direct;
        }

        var access = Walks(from, walkFrom);
        var egress = Walks(to, walkTo);
        if (access.Length > 0 && egress.Length > 0)
        {
            best = Math.Max(best, reverse.LatestDeparture(access, egress, deadline));
        }

        // The planner looks for departures within its arrive-by window before the deadline.
        return best < deadline - (int)snapshot.Options.ArriveByWindow.TotalSeconds ? null : best;
    }

    private int? DirectSeconds(GeoCoordinate from, GeoCoordinate to, StreetAnchor walkFrom, StreetAnchor walkTo)
    {
        if (StreetAnchor.LinkedByStreet(walkFrom, walkTo))
        {
            var path = snapshot.Streets.Route(walkFrom.Snap!.Value, walkTo.Snap!.Value, StreetAlgorithm.Dijkstra);
            return path is not null && path.Duration <= snapshot.Options.MaxDirect
                ? (int)Math.Ceiling(path.Duration.TotalSeconds + Snap(walkFrom) + Snap(walkTo))
                : null;
        }

        var seconds = Straight(Geo.HaversineMeters(from.Lat, from.Lon, to.Lat, to.Lon));
        return seconds <= snapshot.Options.MaxDirect.TotalSeconds ? seconds : null;
    }

    public int? EarliestArrival(GeoCoordinate from, GeoCoordinate to, int departure)
    {
        var walkFrom = snapshot.Place(from.Lat, from.Lon, StreetProfile.Walk);
        var walkTo = snapshot.Place(to.Lat, to.Lon, StreetProfile.Walk);
        var best = DirectSeconds(from, to, walkFrom, walkTo) is { } direct ? departure + direct : int.MaxValue;
        var access = Walks(from, walkFrom);
        var egress = Walks(to, walkTo);
        if (access.Length > 0 && egress.Length > 0)
        {
            best = Math.Min(best, scan.EarliestArrival(new RaptorRequest(access, egress, departure, snapshot.Options.MaxTrips)));
        }

        return best == int.MaxValue ? null : best;
    }

    private StopOffset[] Walks(GeoCoordinate at, StreetAnchor place)
    {
        var tt = snapshot.Timetable;
        var bound = snapshot.Options.MaxAccess.TotalSeconds;
        var result = new List<StopOffset>();
        var linked = Enumerable.Range(0, tt.StopCount).Where(i => StreetAnchor.LinkedByStreet(place, snapshot.WalkStops[i])).ToArray();
        var reach = linked.Length == 0 ? [] : snapshot.Streets.OneToMany(place.Snap!.Value, [.. linked.Select(i => snapshot.WalkStops[i].Snap!.Value)], snapshot.Options.MaxAccess);
        for (var k = 0; k < linked.Length; k++)
        {
            if (reach[k].Reached)
            {
                result.Add(new StopOffset(linked[k], (int)Math.Ceiling(reach[k].Duration.TotalSeconds + Snap(place) + Snap(snapshot.WalkStops[linked[k]]))));
            }
        }

        for (var i = 0; i < tt.StopCount; i++)
        {
            var meters = Geo.HaversineMeters(at.Lat, at.Lon, tt.Stops[i].Lat, tt.Stops[i].Lon);
            if (!StreetAnchor.LinkedByStreet(place, snapshot.WalkStops[i]) && Straight(meters) <= bound)
            {
                result.Add(new StopOffset(i, Straight(meters)));
            }
        }

        return [.. result.Select(o => Geo.HaversineMeters(at.Lat, at.Lon, tt.Stops[o.Stop].Lat, tt.Stops[o.Stop].Lon) <= TripPlanner.SamePlaceMeters ? o with { Seconds = 0 } : o)];
    }

    private double Snap(StreetAnchor a) => a.Snap!.Value.DistanceMeters / snapshot.Streets.Options.WalkSpeedMps;

    private int Straight(double meters) => (int)Math.Ceiling(meters * snapshot.Options.StraightLineDetour / snapshot.Streets.Options.WalkSpeedMps);
}

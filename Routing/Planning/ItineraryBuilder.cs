using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Planning;

/// <summary>Turns RAPTOR journeys and street paths into legs with places, times, distances and geometry.</summary>
internal sealed class ItineraryBuilder(PlannerSnapshot snapshot, Place origin, Place destination)
{
    private readonly Timetable _tt = snapshot.Timetable;
    private readonly TimeZoneInfo _zone = snapshot.Timetable.TimeZones[0];

    public Place Origin => origin;

    public Place Destination => destination;

    public DateTimeOffset Time(int t)
    {
        var utc = _tt.ToUtc(t);
        return new DateTimeOffset(utc).ToOffset(_zone.GetUtcOffset(utc));
    }

    /// <summary>A street-only itinerary departing at <paramref name="departure"/>.</summary>
    public Leg StreetLeg(StreetPath path, StreetSnap from, StreetSnap to, Place a, Place b, int departure, StreetProfile profile)
    {
        var seconds = (int)Math.Ceiling(path.Duration.TotalSeconds + snapshot.SnapSeconds(from, profile) + snapshot.SnapSeconds(to, profile));
        var points = new List<(double, double)> { (a.Lat, a.Lon) };
        points.AddRange(path.Coordinates.Select(c => (c.Lat, c.Lon)));
        points.Add((b.Lat, b.Lon));
        return new Leg(profile == StreetProfile.Bike ? LegMode.Bike : LegMode.Walk, a, b, Time(departure), Time(departure + seconds),
            path.DistanceMeters + from.DistanceMeters + to.DistanceMeters, LegShape.Line(points));
    }

    /// <summary>A walk the street data cannot route (see <see cref="PlannerOptions.StraightLineDetour"/>): straight
    /// geometry, the straight-line distance times the detour factor, marked estimated.</summary>
    public Leg EstimatedWalk(Place a, Place b, int departure, int arrival) =>
        new(LegMode.Walk, a, b, Time(departure), Time(arrival), Geo.HaversineMeters(a.Lat, a.Lon, b.Lat, b.Lon) * snapshot.Options.StraightLineDetour,
            GeoJson.LineString([(a.Lat, a.Lon), (b.Lat, b.Lon)]), Estimated: true);

    public Itinerary FromJourney(TransitJourney journey, StreetAnchor originSnap, StreetAnchor destinationSnap, StreetProfile accessProfile, StreetProfile egressProfile)
    {
        var legs = new List<Leg>();
        var raw = journey.Legs;
        for (var i = 0; i < raw.Count; i++)
        {
            var l = raw[i];
            switch (l.Kind)
            {
                case JourneyLegKind.Access:
                {
                    // Leave as late as possible: arrive at the stop when the first vehicle departs.
                    var duration = l.Arrival - l.Departure;
                    var board = raw[i + 1].Departure;
                    legs.Add(Street(originSnap, Stop(l.ToStop, accessProfile), origin, StopPlace(l.ToStop), board - duration, board, accessProfile));
                    break;
                }

                case JourneyLegKind.Egress:
                    legs.Add(Street(Stop(l.FromStop, egressProfile), destinationSnap, StopPlace(l.FromStop), destination, l.Departure, l.Arrival, egressProfile));
                    break;
                case JourneyLegKind.Transfer:
                    legs.Add(Street(Stop(l.FromStop, StreetProfile.Walk), Stop(l.ToStop, StreetProfile.Walk), StopPlace(l.FromStop), StopPlace(l.ToStop), l.Departure, l.Arrival, StreetProfile.Walk));
                    break;
                default:
                    legs.Add(Ride(l));
                    break;
            }
        }

        return new Itinerary(MergeWalks(legs));
    }

    /// <summary>A footpath between stops followed by the walk to the destination is one walk for the traveler.</summary>
    private static List<Leg> MergeWalks(List<Leg> legs)
    {
        var merged = new List<Leg>(legs.Count);
        foreach (var leg in legs)
        {
            if (merged.Count > 0 && merged[^1] is { Mode: LegMode.Walk } previous && leg.Mode == LegMode.Walk)
            {
                merged[^1] = previous with
                {
                    To = leg.To,
                    Arrival = leg.Arrival,
                    DistanceMeters = previous.DistanceMeters + leg.DistanceMeters,
                    Shape = LegShape.Concat(previous.Shape, leg.Shape),
                    Estimated = previous.Estimated || leg.Estimated,
                };
            }
            else
            {
                merged.Add(leg);
            }
        }

        return merged;
    }

    private StreetAnchor Stop(int stop, StreetProfile profile) => profile == StreetProfile.Bike ? snapshot.BikeStops[stop] : snapshot.WalkStops[stop];

    private Place StopPlace(int stop)
    {
        var s = _tt.Stops[stop];
        return new Place(s.Name, s.Lat, s.Lon, s.Id);
    }

    private Leg Street(StreetAnchor from, StreetAnchor to, Place a, Place b, int departure, int arrival, StreetProfile profile)
    {
        // The planner linked these two by street only when they lie in one part of the graph; else by straight line.
        var path = StreetAnchor.LinkedByStreet(from, to) ? snapshot.Streets.Route(from.Snap!.Value, to.Snap!.Value) : null;
        if (path is null)
        {
            return EstimatedWalk(a, b, departure, arrival) with { Mode = profile == StreetProfile.Bike ? LegMode.Bike : LegMode.Walk };
        }

        var points = new List<(double, double)> { (a.Lat, a.Lon) };
        points.AddRange(path.Coordinates.Select(c => (c.Lat, c.Lon)));
        points.Add((b.Lat, b.Lon));
        return new Leg(profile == StreetProfile.Bike ? LegMode.Bike : LegMode.Walk, a, b, Time(departure), Time(arrival),
            path.DistanceMeters + from.Snap!.Value.DistanceMeters + to.Snap!.Value.DistanceMeters, LegShape.Line(points));
    }

    private Leg Ride(JourneyLeg l)
    {
        var trip = _tt.Trips[l.Trip];
        var line = _tt.Lines[trip.Line];
        var (points, meters) = RideGeometry(trip, l.BoardPosition, l.AlightPosition);
        return new Leg(LegMode.Transit, StopPlace(l.FromStop), StopPlace(l.ToStop), Time(l.Departure), Time(l.Arrival), meters,
            LegShape.Line(points), line.AgencyName, line.DisplayName, line.Id, trip.Id, trip.Headsign, RouteType: line.RouteType);
    }

    /// <summary>The GTFS shape between the two stops (each projected on the nearest shape point, in order), else the
    /// polyline through the stops served.</summary>
    private (List<(double, double)> Points, double Meters) RideGeometry(ScheduledTrip trip, int board, int alight)
    {
        var a = _tt.Stops[trip.Stops[board]];
        var b = _tt.Stops[trip.Stops[alight]];
        if (trip.Shape >= 0)
        {
            var shape = _tt.Shapes[trip.Shape];
            var i = Nearest(shape, a.Lat, a.Lon, 0);
            var j = Nearest(shape, b.Lat, b.Lon, i);
            if (j > i)
            {
                var points = new List<(double, double)> { (a.Lat, a.Lon) };
                for (var k = i; k <= j; k++)
                {
                    points.Add((shape.Lats[k], shape.Lons[k]));
                }

                points.Add((b.Lat, b.Lon));
                return (points, shape.Meters[j] - shape.Meters[i]);
            }
        }

        var stops = new List<(double, double)>();
        var total = 0.0;
        for (var k = board; k <= alight; k++)
        {
            var s = _tt.Stops[trip.Stops[k]];
            if (k > board)
            {
                var p = _tt.Stops[trip.Stops[k - 1]];
                total += Geo.HaversineMeters(p.Lat, p.Lon, s.Lat, s.Lon);
            }

            stops.Add((s.Lat, s.Lon));
        }

        return (stops, total);
    }

    private static int Nearest(TransitShape shape, double lat, double lon, int from)
    {
        var best = from;
        var bestMeters = double.MaxValue;
        for (var k = from; k < shape.Lats.Length; k++)
        {
            var m = Geo.HaversineMeters(lat, lon, shape.Lats[k], shape.Lons[k]);
            if (m < bestMeters)
            {
                bestMeters = m;
                best = k;
            }
        }

        return best;
    }
}

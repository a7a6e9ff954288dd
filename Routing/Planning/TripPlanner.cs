using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Planning;

/// <summary>
/// Door-to-door planning on a <see cref="PlannerSnapshot"/>: bounded one-to-many street searches give access and
/// egress stops (walking, and cycling with <see cref="PlanModes.Bike"/>), RAPTOR gives the journeys per number of
/// rides, direct walks and rides compete, and the Pareto filter keeps a set a traveler recognizes. Walking at both
/// ends, the journeys are the exact Pareto set over arrival, rides and walking time (<see cref="McRaptorRouter"/>);
/// with a bike at one end, the Pareto set over arrival and rides. Arrive-by binary-searches the latest departure, which is
/// exact because earliest arrival never decreases with a later departure (FIFO timetable); the last minute is walked
/// up to the second from the journeys found (<see cref="LatestDeparture"/>).
/// Thread-safe: holds nothing but the snapshot it reads.
/// </summary>
public sealed class TripPlanner(PlannerSnapshot snapshot)
{
    public PlannerSnapshot Snapshot { get; } = snapshot;

    /// <summary>Origin and destination closer than this are one place: the answer is a single empty walk.</summary>
    public const double SamePlaceMeters = 5;

    public static bool IsSamePlace(PlanRequest request) =>
        Geo.HaversineMeters(request.From.Lat, request.From.Lon, request.To.Lat, request.To.Lon) <= SamePlaceMeters;

    public PlanResult Plan(PlanRequest request)
    {
        var s = Snapshot;
        var tt = s.Timetable;
        var origin = new Place("origin", request.From.Lat, request.From.Lon);
        var destination = new Place("destination", request.To.Lat, request.To.Lon);
        int time;
        try
        {
            time = tt.FromLocal(request.LocalTime);
        }
        catch (Exception ex) when (ex is ArgumentException or OverflowException)
        {
            return new PlanResult([], "time outside the timetable: " + ex.Message);
        }

        var builder = new ItineraryBuilder(s, origin, destination);
        if (IsSamePlace(request))
        {
            // Nowhere to go: a search would answer with a round trip through the network.
            var at = builder.Time(time);
            return new PlanResult([new Itinerary([new Leg(LegMode.Walk, origin, destination, at, at, 0,
                GeoJson.LineString([(origin.Lat, origin.Lon), (destination.Lat, destination.Lon)]))])], null);
        }

        var walkFrom = s.Place(request.From.Lat, request.From.Lon, StreetProfile.Walk);
        var walkTo = s.Place(request.To.Lat, request.To.Lon, StreetProfile.Walk);

        var candidates = new List<Itinerary>();
        if ((request.Modes & PlanModes.Walk) != 0)
        {
            DirectWalk(request, walkFrom, walkTo, time, builder, candidates);
        }

        var bikeFrom = StreetAnchor.None;
        var bikeTo = StreetAnchor.None;
        if ((request.Modes & PlanModes.Bike) != 0)
        {
            bikeFrom = s.Place(request.From.Lat, request.From.Lon, StreetProfile.Bike);
            bikeTo = s.Place(request.To.Lat, request.To.Lon, StreetProfile.Bike);
            if (StreetAnchor.LinkedByStreet(bikeFrom, bikeTo))
            {
                Direct(request, bikeFrom.Snap!.Value, bikeTo.Snap!.Value, StreetProfile.Bike, time, builder, candidates);
            }
        }

        StopOffset[] accessWalk = [], egressWalk = [];
        if ((request.Modes & PlanModes.Transit) != 0)
        {
            accessWalk = Reach(request.From, walkFrom, s.WalkStops, StreetProfile.Walk);
            egressWalk = Reach(request.To, walkTo, s.WalkStops, StreetProfile.Walk);
            int? latestDeparture = null;
            var searches = new List<(StopOffset[] Access, StopOffset[] Egress, StreetAnchor From, StreetAnchor To, StreetProfile A, StreetProfile E)>
            {
                (accessWalk, egressWalk, walkFrom, walkTo, StreetProfile.Walk, StreetProfile.Walk),
            };
            if (bikeFrom.Snap is not null)
            {
                searches.Add((Reach(request.From, bikeFrom, s.BikeStops, StreetProfile.Bike), egressWalk, bikeFrom, walkTo, StreetProfile.Bike, StreetProfile.Walk));
            }

            if (bikeTo.Snap is not null)
            {
                searches.Add((accessWalk, Reach(request.To, bikeTo, s.BikeStops, StreetProfile.Bike), walkFrom, bikeTo, StreetProfile.Walk, StreetProfile.Bike));
            }

            // Street geometry is the costly part of an itinerary: build each distinct journey (same rides, same
            // access and egress stops and modes) once, whichever search found it.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (access, egress, from, to, a, e) in searches)
            {
                if (access.Length == 0 || egress.Length == 0)
                {
                    continue;
                }

                // Walking at both ends: the exact Pareto set over arrival, rides and walking (McRAPTOR). With a bike at
                // one end: the Pareto set over arrival and rides (RAPTOR), the bike leg being the point of it.
                var journeys = a == StreetProfile.Walk && e == StreetProfile.Walk
                    ? ParetoJourneys(access, egress, time, request.ArriveBy, ref latestDeparture)
                    : Journeys(access, egress, time, request.ArriveBy, ref latestDeparture);
                foreach (var journey in journeys)
                {
                    var key = $"{a}{e}:" + string.Join(",", journey.Legs.Select(l => $"{l.Trip}/{l.ServiceDay}/{l.FromStop}/{l.ToStop}"));
                    if (seen.Add(key))
                    {
                        candidates.Add(builder.FromJourney(journey, from, to, a, e));
                    }
                }
            }
        }

        if (request.ArriveBy)
        {
            var deadline = builder.Time(time);
            candidates.RemoveAll(i => i.Arrival > deadline);
        }

        var kept = ParetoFilter.Filter(candidates, request.ArriveBy);
        return kept.Count == 0
            ? new PlanResult([], NoItinerary(request, accessWalk, egressWalk))
            : new PlanResult(kept, null);
    }

    /// <summary>Why nothing was found, naming the nearest stop when an end has none within reach.</summary>
    private string NoItinerary(PlanRequest request, StopOffset[] access, StopOffset[] egress)
    {
        if ((request.Modes & PlanModes.Transit) != 0 && Snapshot.Timetable.StopCount > 0)
        {
            foreach (var (end, at, offsets) in new[] { ("origin", request.From, access), ("destination", request.To, egress) })
            {
                if (offsets.Length == 0)
                {
                    var stops = Snapshot.Timetable.Stops;
                    var nearest = stops.MinBy(st => Geo.HaversineMeters(at.Lat, at.Lon, st.Lat, st.Lon))!;
                    var meters = Geo.HaversineMeters(at.Lat, at.Lon, nearest.Lat, nearest.Lon);
                    return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"no itinerary: no stop within a {Snapshot.Options.MaxAccess.TotalMinutes:0}-minute walk of the {end}; the nearest stop, {nearest.Name}, is {meters:0} m away in a straight line");
                }
            }
        }

        return "no itinerary: no direct walk within the limit and no transit journey between the stops within reach of both ends";
    }

    /// <summary>The exact Pareto set over arrival, rides and walking seconds; for arrive-by, from the latest departure
    /// that still arrives in time (found as in <see cref="Journeys"/>), keeping those that arrive by the deadline.</summary>
    private IReadOnlyList<TransitJourney> ParetoJourneys(StopOffset[] access, StopOffset[] egress, int time, bool arriveBy, ref int? latestDeparture)
    {
        var maxTrips = Snapshot.Options.MaxTrips;
        if (!arriveBy)
        {
            return WithinTolerance(Snapshot.McRouter.Query(new RaptorRequest(access, egress, time, maxTrips)));
        }

        if (LatestDeparture(access, egress, time, ref latestDeparture) is not { } leave)
        {
            return [];
        }

        return WithinTolerance([.. Snapshot.McRouter.Query(new RaptorRequest(access, egress, leave, maxTrips)).Where(j => j.Arrival <= time)]);
    }

    /// <summary>
    /// Drops, before any street geometry is built for them, the journeys that <see cref="ParetoFilter"/> would drop
    /// anyway: those another journey beats on arrival, departure (from the origin, leaving as late as possible) and
    /// transfers while walking no more than the filter's tolerance longer. The exact set differs from them by seconds
    /// of walking a traveler does not weigh.
    /// </summary>
    private IReadOnlyList<TransitJourney> WithinTolerance(IReadOnlyList<TransitJourney> journeys)
    {
        var tolerance = ParetoFilter.WalkToleranceMeters / Snapshot.Streets.Options.WalkSpeedMps;
        bool Beats(TransitJourney a, TransitJourney b) =>
            a.Arrival <= b.Arrival && a.LatestDeparture >= b.LatestDeparture && a.Transfers <= b.Transfers && a.WalkSeconds <= b.WalkSeconds + tolerance
            && (a.Arrival < b.Arrival || a.LatestDeparture > b.LatestDeparture || a.Transfers < b.Transfers || a.WalkSeconds < b.WalkSeconds - tolerance);
        return [.. journeys.Where(b => !journeys.Any(a => !ReferenceEquals(a, b) && Beats(a, b)))];
    }

    /// <param name="latestDeparture">For arrive-by: the latest feasible departure found by the first search; later
    /// searches (subsets of its access, or other modes) start from it instead of searching again.</param>
    private IReadOnlyList<TransitJourney> Journeys(StopOffset[] access, StopOffset[] egress, int time, bool arriveBy, ref int? latestDeparture)
    {
        var router = Snapshot.Router;
        var maxTrips = Snapshot.Options.MaxTrips;
        if (!arriveBy)
        {
            return router.Query(new RaptorRequest(access, egress, time, maxTrips));
        }

        return LatestDeparture(access, egress, time, ref latestDeparture) is { } leave
            ? [.. router.Query(new RaptorRequest(access, egress, leave, maxTrips)).Where(j => j.Arrival <= time)]
            : [];
    }

    /// <summary>
    /// The latest departure whose earliest arrival meets the deadline <paramref name="time"/>, within the arrive-by
    /// window, or null. Binary search down to a minute (earliest arrival never decreases with a later departure: FIFO
    /// timetable), then walked up to the second: the journey found from lo leaves the origin at some D >= lo; when
    /// nothing leaving after D still arrives in time, D is the latest departure, else the later journey's is tried.
    /// The first search of a query sets <paramref name="known"/>; later ones reuse it.
    /// </summary>
    private int? LatestDeparture(StopOffset[] access, StopOffset[] egress, int time, ref int? known)
    {
        if (known is { } already)
        {
            return already;
        }

        var router = Snapshot.Router;
        var maxTrips = Snapshot.Options.MaxTrips;
        var lo = time - (int)Snapshot.Options.ArriveByWindow.TotalSeconds;
        var found = router.EarliestArrival(new RaptorRequest(access, egress, lo, maxTrips));
        if (found is null || found.Arrival > time)
        {
            return null;
        }

        var hi = time;
        while (hi - lo > 60)
        {
            var mid = lo + ((hi - lo) / 2);
            var j = router.EarliestArrival(new RaptorRequest(access, egress, mid, maxTrips));
            if (j is not null && j.Arrival <= time)
            {
                (lo, found) = (mid, j);
            }
            else
            {
                hi = mid;
            }
        }

        while (true)
        {
            var leaves = Math.Max(lo, found.LatestDeparture);
            var later = router.EarliestArrival(new RaptorRequest(access, egress, leaves + 1, maxTrips));
            if (later is null || later.Arrival > time)
            {
                known = leaves;
                return leaves;
            }

            (lo, found) = (leaves + 1, later);
        }
    }

    /// <summary>The walk from door to door: on the streets when both ends lie in one part of the walk graph, else an
    /// estimated straight-line walk.</summary>
    private void DirectWalk(PlanRequest request, StreetAnchor from, StreetAnchor to, int time, ItineraryBuilder builder, List<Itinerary> into)
    {
        if (StreetAnchor.LinkedByStreet(from, to))
        {
            Direct(request, from.Snap!.Value, to.Snap!.Value, StreetProfile.Walk, time, builder, into);
            return;
        }

        var seconds = Snapshot.StraightLineSeconds(Geo.HaversineMeters(request.From.Lat, request.From.Lon, request.To.Lat, request.To.Lon));
        if (seconds <= Snapshot.Options.MaxDirect.TotalSeconds)
        {
            var departure = request.ArriveBy ? time - seconds : time;
            into.Add(new Itinerary([builder.EstimatedWalk(builder.Origin, builder.Destination, departure, departure + seconds)]));
        }
    }

    private void Direct(PlanRequest request, StreetSnap from, StreetSnap to, StreetProfile profile, int time, ItineraryBuilder builder, List<Itinerary> into)
    {
        // No street search for a pair that is too far apart even as the crow flies.
        var speed = profile == StreetProfile.Bike ? Snapshot.Streets.Options.BikeSpeedMps : Snapshot.Streets.Options.WalkSpeedMps;
        if (Geo.HaversineMeters(from.Point.Lat, from.Point.Lon, to.Point.Lat, to.Point.Lon) > Snapshot.Options.MaxDirect.TotalSeconds * speed)
        {
            return;
        }

        var path = Snapshot.Streets.Route(from, to);
        if (path is null || path.Duration > Snapshot.Options.MaxDirect)
        {
            return;
        }

        var seconds = (int)Math.Ceiling(path.Duration.TotalSeconds + Snapshot.SnapSeconds(from, profile) + Snapshot.SnapSeconds(to, profile));
        var departure = request.ArriveBy ? time - seconds : time;
        into.Add(new Itinerary([builder.StreetLeg(path, from, to, new Place("origin", request.From.Lat, request.From.Lon),
            new Place("destination", request.To.Lat, request.To.Lon), departure, profile)]));
    }

    /// <summary>
    /// Stops reachable from a place within the access bound. Stops in the place's part of the street graph are searched
    /// on the streets, outward from the place (for egress the walk graph is treated as symmetric, which holds for
    /// walking); stops the street data does not link to the place (off the extract, or in another part) are reached
    /// on foot by an estimated straight-line walk. Cycling uses streets only.
    /// </summary>
    private StopOffset[] Reach(GeoCoordinate at, StreetAnchor from, StreetAnchor[] stops, StreetProfile profile)
    {
        var result = new List<StopOffset>();
        var tt = Snapshot.Timetable;
        if (profile == StreetProfile.Walk)
        {
            var reach = Snapshot.StraightLineReach(Snapshot.Options.MaxAccess);
            for (var i = 0; i < stops.Length; i++)
            {
                if (!StreetAnchor.LinkedByStreet(from, stops[i]))
                {
                    var meters = Geo.HaversineMeters(at.Lat, at.Lon, tt.Stops[i].Lat, tt.Stops[i].Lon);
                    if (meters <= reach)
                    {
                        result.Add(new StopOffset(i, Snapshot.StraightLineSeconds(meters)));
                    }
                }
            }
        }

        if (from.Snap is not null)
        {
            StreetStops(from, stops, profile, result);
        }

        // A traveler standing at a stop boards there at once (no rounding up of a snap's metre to a missed departure).
        for (var k = 0; k < result.Count; k++)
        {
            var stop = tt.Stops[result[k].Stop];
            if (Geo.HaversineMeters(at.Lat, at.Lon, stop.Lat, stop.Lon) <= SamePlaceMeters)
            {
                result[k] = new StopOffset(result[k].Stop, 0);
            }
        }

        return [.. result];
    }

    /// <summary>Adds the stops of the place's part of the street graph within the access bound, searched on the streets.</summary>
    private void StreetStops(StreetAnchor from, StreetAnchor[] stops, StreetProfile profile, List<StopOffset> result)
    {
        var snap = from.Snap!.Value;
        var indices = new List<int>();
        var targets = new List<StreetSnap>();
        var speed = profile == StreetProfile.Bike ? Snapshot.Streets.Options.BikeSpeedMps : Snapshot.Streets.Options.WalkSpeedMps;
        var radius = Snapshot.Options.MaxAccess.TotalSeconds * speed;
        for (var i = 0; i < stops.Length; i++)
        {
            // Only stops within the straight-line reach can be within the street-distance bound.
            if (StreetAnchor.LinkedByStreet(from, stops[i]) && stops[i].Snap is { } target
                && Geo.HaversineMeters(snap.Point.Lat, snap.Point.Lon, target.Point.Lat, target.Point.Lon) <= radius)
            {
                indices.Add(i);
                targets.Add(target);
            }
        }

        var found = Snapshot.Streets.OneToMany(snap, targets, Snapshot.Options.MaxAccess);
        for (var k = 0; k < found.Length; k++)
        {
            if (found[k].Reached)
            {
                var seconds = found[k].Duration.TotalSeconds + Snapshot.SnapSeconds(snap, profile) + Snapshot.SnapSeconds(targets[k], profile);
                result.Add(new StopOffset(indices[k], (int)Math.Ceiling(seconds)));
            }
        }
    }
}

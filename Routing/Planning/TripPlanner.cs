using Mobility.Routing.Gtfs;
using Mobility.Routing.Street;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;

namespace Mobility.Routing.Planning;

/// <summary>
/// Door-to-door planning on a <see cref="PlannerSnapshot"/>: bounded one-to-many street searches give access and
/// egress stops (walking, and cycling with <see cref="PlanModes.Bike"/>), RAPTOR gives the journeys per number of
/// rides, direct walks and rides compete, and the Pareto filter keeps a set a traveler recognizes. A light
/// multi-criteria search ("McRAPTOR-light"): walking is a third criterion through a second search restricted to
/// short access and egress, not through bags of labels. Arrive-by binary-searches the latest departure, which is
/// exact because earliest arrival never decreases with a later departure (FIFO timetable).
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

        var walkFrom = s.Streets.Snap(request.From.Lat, request.From.Lon, StreetProfile.Walk);
        var walkTo = s.Streets.Snap(request.To.Lat, request.To.Lon, StreetProfile.Walk);
        if (walkFrom is null || walkTo is null)
        {
            return new PlanResult([], $"{(walkFrom is null ? "origin" : "destination")} is not near any walkable street");
        }

        var builder = new ItineraryBuilder(s, origin, destination);
        if (IsSamePlace(request))
        {
            // Nowhere to go: a search would answer with a round trip through the network.
            var at = builder.Time(time);
            return new PlanResult([new Itinerary([new Leg(LegMode.Walk, origin, destination, at, at, 0,
                GeoJson.LineString([(origin.Lat, origin.Lon), (destination.Lat, destination.Lon)]))])], null);
        }

        var candidates = new List<Itinerary>();
        Direct(request, walkFrom.Value, walkTo.Value, StreetProfile.Walk, time, builder, candidates);
        StreetSnap? bikeFrom = null, bikeTo = null;
        if ((request.Modes & PlanModes.Bike) != 0)
        {
            bikeFrom = s.Streets.Snap(request.From.Lat, request.From.Lon, StreetProfile.Bike);
            bikeTo = s.Streets.Snap(request.To.Lat, request.To.Lon, StreetProfile.Bike);
            if (bikeFrom is { } bf && bikeTo is { } bt)
            {
                Direct(request, bf, bt, StreetProfile.Bike, time, builder, candidates);
            }
        }

        if ((request.Modes & PlanModes.Transit) != 0)
        {
            var accessWalk = Reach(walkFrom.Value, s.WalkSnaps, StreetProfile.Walk);
            var egressWalk = Reach(walkTo.Value, s.WalkSnaps, StreetProfile.Walk);
            var shortAccess = Short(accessWalk);
            var fullUsesShortOnly = false;
            int? latestDeparture = null;
            var searches = new List<(StopOffset[] Access, StopOffset[] Egress, StreetSnap From, StreetSnap To, StreetProfile A, StreetProfile E)>
            {
                (accessWalk, egressWalk, walkFrom.Value, walkTo.Value, StreetProfile.Walk, StreetProfile.Walk),
                (shortAccess, Short(egressWalk), walkFrom.Value, walkTo.Value, StreetProfile.Walk, StreetProfile.Walk),
            };
            if (bikeFrom is { } b1)
            {
                searches.Add((Reach(b1, s.BikeSnaps, StreetProfile.Bike), egressWalk, b1, walkTo.Value, StreetProfile.Bike, StreetProfile.Walk));
            }

            if (bikeTo is { } b2)
            {
                searches.Add((accessWalk, Reach(b2, s.BikeSnaps, StreetProfile.Bike), walkFrom.Value, b2, StreetProfile.Walk, StreetProfile.Bike));
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

                if (ReferenceEquals(access, shortAccess) && fullUsesShortOnly)
                {
                    continue; // the full search's journeys already walk little: the short search would repeat them
                }

                var journeys = Journeys(access, egress, time, request.ArriveBy, ref latestDeparture);
                if (ReferenceEquals(access, accessWalk))
                {
                    var limit = (int)s.Options.ShortAccess.TotalSeconds;
                    fullUsesShortOnly = journeys.All(j => j.Legs[0].Arrival - j.Legs[0].Departure <= limit && j.Legs[^1].Arrival - j.Legs[^1].Departure <= limit);
                }

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
            ? new PlanResult([], "no itinerary: no direct walk within the limit and no transit journey between stops near both ends")
            : new PlanResult(kept, null);
    }

    /// <param name="latestDeparture">For arrive-by: the latest feasible departure found by the first search; later
    /// searches (subsets of its access, or other modes) start from it instead of binary-searching again.</param>
    private IReadOnlyList<TransitJourney> Journeys(StopOffset[] access, StopOffset[] egress, int time, bool arriveBy, ref int? latestDeparture)
    {
        var router = Snapshot.Router;
        var maxTrips = Snapshot.Options.MaxTrips;
        if (!arriveBy)
        {
            return router.Query(new RaptorRequest(access, egress, time, maxTrips));
        }

        // Latest departure whose earliest arrival meets the deadline (monotone in the departure time).
        if (latestDeparture is { } known)
        {
            return [.. router.Query(new RaptorRequest(access, egress, known, maxTrips)).Where(j => j.Arrival <= time)];
        }

        var lo = time - (int)Snapshot.Options.ArriveByWindow.TotalSeconds;
        var first = router.EarliestArrival(new RaptorRequest(access, egress, lo, maxTrips));
        if (first is null || first.Arrival > time)
        {
            return [];
        }

        var hi = time;
        while (hi - lo > 60)
        {
            var mid = lo + ((hi - lo) / 2);
            var j = router.EarliestArrival(new RaptorRequest(access, egress, mid, maxTrips));
            if (j is not null && j.Arrival <= time)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        latestDeparture = lo;
        return [.. router.Query(new RaptorRequest(access, egress, lo, maxTrips)).Where(j => j.Arrival <= time)];
    }

    private void Direct(PlanRequest request, StreetSnap from, StreetSnap to, StreetProfile profile, int time, ItineraryBuilder builder, List<Itinerary> into)
    {
        if (profile == StreetProfile.Walk && (request.Modes & PlanModes.Walk) == 0)
        {
            return;
        }

        // No street search for a pair that is too far apart even as the crow flies.
        var speed = profile == StreetProfile.Bike ? Snapshot.Streets.Options.BikeSpeedMps : Snapshot.Streets.Options.WalkSpeedMps;
        if (Gtfs.Geo.HaversineMeters(from.Point.Lat, from.Point.Lon, to.Point.Lat, to.Point.Lon) > Snapshot.Options.MaxDirect.TotalSeconds * speed)
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

    /// <summary>Stops reachable from a snapped point within the access bound (streets are searched outward from the
    /// point; for egress the walk graph is treated as symmetric, which holds for walking).</summary>
    private StopOffset[] Reach(StreetSnap from, StreetSnap?[] stopSnaps, StreetProfile profile)
    {
        var indices = new List<int>();
        var targets = new List<StreetSnap>();
        var speed = profile == StreetProfile.Bike ? Snapshot.Streets.Options.BikeSpeedMps : Snapshot.Streets.Options.WalkSpeedMps;
        var radius = Snapshot.Options.MaxAccess.TotalSeconds * speed;
        for (var i = 0; i < stopSnaps.Length; i++)
        {
            // Only stops within the straight-line reach can be within the street-distance bound.
            if (stopSnaps[i] is { } snap && Gtfs.Geo.HaversineMeters(from.Point.Lat, from.Point.Lon, snap.Point.Lat, snap.Point.Lon) <= radius)
            {
                indices.Add(i);
                targets.Add(snap);
            }
        }

        var reach = Snapshot.Streets.OneToMany(from, targets, Snapshot.Options.MaxAccess);
        var result = new List<StopOffset>();
        for (var k = 0; k < reach.Length; k++)
        {
            if (reach[k].Reached)
            {
                var seconds = reach[k].Duration.TotalSeconds + Snapshot.SnapSeconds(from, profile) + Snapshot.SnapSeconds(targets[k], profile);
                result.Add(new StopOffset(indices[k], (int)Math.Ceiling(seconds)));
            }
        }

        return [.. result];
    }

    private StopOffset[] Short(StopOffset[] offsets)
    {
        var limit = (int)Snapshot.Options.ShortAccess.TotalSeconds;
        return [.. offsets.Where(o => o.Seconds <= limit)];
    }
}

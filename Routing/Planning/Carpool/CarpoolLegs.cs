using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning.Multimodal;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.Street;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>Limits of carpool legs.</summary>
public sealed record CarpoolLegOptions
{
    /// <summary>Longest walk to the pick-up point and from the drop-off point.</summary>
    public TimeSpan MaxWalk { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Offers departing later than this after the request are not considered.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Stops near the driver's route tried as drop-off points for a ride that continues by transit.</summary>
    public int TransitDropoffs { get; init; } = 2;

    /// <summary>A stop this close to the driver's route can be a drop-off point.</summary>
    public double StopNearRouteMeters { get; init; } = 400;

    /// <summary>Shorter rides are not offered: stopping a car for them costs the driver more than it saves anyone.</summary>
    public double MinRideMeters { get; init; } = 300;

    /// <summary>
    /// Rides to a stop continued by a transit search, per query: those with the earliest estimated arrival (the ride's
    /// arrival plus the straight line from the stop to the destination at <see cref="EstimateSpeedMps"/>). Each costs
    /// a door-to-door transit search; the bound keeps a query's cost from growing with the number of offers.
    /// </summary>
    public int TransitContinuations { get; init; } = 4;

    /// <summary>Speed of the straight-line estimate that orders the rides to a stop (a guess, not a bound).</summary>
    public double EstimateSpeedMps { get; init; } = 8;

    /// <summary>
    /// For tests: no pruning by bounds (no straight-line car bound, no cost cutoff of transit continuations), so that
    /// the pruned planner can be checked to give the same answer.
    /// </summary>
    internal bool Exhaustive { get; init; }
}

/// <summary>
/// Carpool legs from live offers. Pick-up points: the traveler's origin (the driver comes to the door) and the point
/// of the driver's direct route nearest to it (the traveler walks there); drop-off points: the destination, the
/// nearest point of the route, and stops near the route (carpool to a station, then transit). A pick-up/drop-off
/// pair is kept when the driver's detour (to pick-up, to drop-off, to the driver's destination, minus the direct
/// trip, all by car) is within the offer's limit, the ride within its maximum ride time, and the driver can leave
/// within the departure window and still reach the pick-up point no earlier than the traveler.
/// </summary>
/// <summary>A carpool ride (with the walk to it) ending at a stop, to be continued by transit.</summary>
internal sealed record CarpoolToStop(Itinerary Head, Place Dropoff, DateTimeOffset Estimate, string Key);

internal sealed class CarpoolLegs(StreetLegFactory legs, TripPlanner transit, CarpoolLegOptions options)
{
    /// <summary>A bound of every car path's speed (graph edges, and the access at each end), for pruning.</summary>
    private readonly double _maxCarSpeed = options.Exhaustive ? double.PositiveInfinity : Math.Max(StreetLegFactory.CarAccessSpeedMps, legs.Snapshot.Streets.MaxSpeedMps(StreetProfile.Car));

    private readonly List<CarpoolToStop> _toStops = [];

    /// <summary>
    /// Adds the carpool itineraries that end on foot to <paramref name="into"/>, and returns the rides to a stop (when
    /// <paramref name="withTransit"/>), the most promising first, at most <see cref="CarpoolLegOptions.TransitContinuations"/>:
    /// the caller continues each by transit with <see cref="ContinueByTransit"/> unless it cannot enter the answer.
    /// </summary>
    public IReadOnlyList<CarpoolToStop> Plan(CarpoolOfferBook book, Place origin, Place destination, DateTimeOffset start, bool withTransit, List<Itinerary> into)
    {
        _toStops.Clear();
        var walkRadius = options.MaxWalk.TotalSeconds * legs.Snapshot.Streets.Options.WalkSpeedMps;
        // Offers in an order of their content, never of operator, id or arrival order: when two offers give the
        // traveler the same itinerary, the ranker keeps the first, and that must not depend on who operates it.
        foreach (var offer in book.Offers
            .OrderBy(o => o.Driver.DepartureEarliest).ThenBy(o => o.Driver.DepartureLatest)
            .ThenBy(o => o.Driver.Origin.Latitude).ThenBy(o => o.Driver.Origin.Longitude)
            .ThenBy(o => o.Driver.Destination.Latitude).ThenBy(o => o.Driver.Destination.Longitude)
            .ThenBy(o => o.Driver.MaxDetour).ThenBy(o => o.Driver.MaxRideTime).ThenBy(o => o.Driver.Seats)
            .ThenBy(o => o.Price.Base).ThenBy(o => o.Price.PerKm))
        {
            var d = offer.Driver;
            if (d.DepartureLatest < start - d.MaxDetour || d.DepartureEarliest > start + options.MaxWait)
            {
                continue;
            }

            var driverFrom = new Place("driver origin", d.Origin.Latitude, d.Origin.Longitude);
            var driverTo = new Place("driver destination", d.Destination.Latitude, d.Destination.Longitude);
            var route = CarpoolRoute.For(offer, legs, options.StopNearRouteMeters);
            if (!route.Routable)
            {
                continue;
            }

            var (direct, line) = (route.DirectSeconds, route.Line);

            // A point the driver cannot even reach within the budget at motorway speed as the crow flies is skipped
            // before any street search (a necessary condition: the driver's trip passes through it).
            bool Reachable(Place x) =>
                (Geo.HaversineMeters(driverFrom.Lat, driverFrom.Lon, x.Lat, x.Lon) + Geo.HaversineMeters(x.Lat, x.Lon, driverTo.Lat, driverTo.Lon)) / _maxCarSpeed
                <= direct + d.MaxDetour.TotalSeconds;
            // Pick-up at the door or within a walk of the route: neither is possible when the door is out of the
            // detour's reach and the route's box is beyond a walk (most offers of a city, for a given traveler).
            if (!options.Exhaustive && !Reachable(origin) && !route.NearBox(origin.Lat, origin.Lon, walkRadius))
            {
                continue;
            }

            var pickups = new List<Place> { origin };
            if (Nearest(line, origin) is { } np && Geo.HaversineMeters(np.Lat, np.Lon, origin.Lat, origin.Lon) is > 30 and var m && m <= walkRadius)
            {
                pickups.Add(new Place("pick-up on the driver's route", np.Lat, np.Lon));
            }

            var drops = new List<(Place Place, bool Transit)> { (destination, false) };
            if (Nearest(line, destination) is { } nd && Geo.HaversineMeters(nd.Lat, nd.Lon, destination.Lat, destination.Lon) is > 30 and var md && md <= walkRadius)
            {
                drops.Add((new Place("drop-off on the driver's route", nd.Lat, nd.Lon), false));
            }

            if (withTransit)
            {
                drops.AddRange(StopsNear(route, origin, destination).Select(p => (p, true)));
            }

            pickups.RemoveAll(x => !Reachable(x));
            drops.RemoveAll(x => !Reachable(x.Place));
            if (drops.Count == 0)
            {
                continue;
            }

            // The driver's time from each drop-off point on to the destination, once per offer (shared by the pick-ups).
            var onward = new (int Seconds, double Meters)?[drops.Count];
            var onwardDone = new bool[drops.Count];

            // The walk from each drop-off point to the destination, once per offer (its times are shifted to each ride).
            var walkOut = new Leg?[drops.Count];
            var walkOutDone = new bool[drops.Count];
            foreach (var p in pickups)
            {
                var walkIn = Walk(origin, p, start);
                if (walkIn is { } w && w.Duration > options.MaxWalk)
                {
                    continue;
                }

                var ready = walkIn?.Arrival ?? start;
                var toPickup = legs.Measure(driverFrom, p, StreetProfile.Car);
                if (toPickup is not { } tp || tp.Seconds + Bound(p, driverTo) - direct > d.MaxDetour.TotalSeconds)
                {
                    continue;
                }

                // The driver leaves within the window, so as to reach the pick-up point when the traveler is there.
                var leave = Max(d.DepartureEarliest, ready.AddSeconds(-tp.Seconds));
                if (leave > d.DepartureLatest)
                {
                    continue;
                }

                var pickupTime = leave.AddSeconds(tp.Seconds);
                for (var k = 0; k < drops.Count; k++)
                {
                    var (q, viaTransit) = drops[k];

                    // Exact time to the pick-up, straight-line bounds for the rest: no search for a detour out of budget.
                    if (tp.Seconds + Bound(p, q) + Bound(q, driverTo) - direct > d.MaxDetour.TotalSeconds)
                    {
                        continue;
                    }

                    if (!onwardDone[k])
                    {
                        onward[k] = legs.Measure(q, driverTo, StreetProfile.Car);
                        onwardDone[k] = true;
                    }

                    if (onward[k] is not { } o || tp.Seconds + Bound(p, q) + o.Seconds - direct > d.MaxDetour.TotalSeconds)
                    {
                        continue;
                    }

                    // One search gives the ride's time, length and geometry.
                    var leg = legs.Leg(p, q, pickupTime, StreetProfile.Car, LegMode.Carpool, null, d.Operator, null, null, null, d.Id.Value);
                    if (leg is null || leg.DistanceMeters < options.MinRideMeters)
                    {
                        continue;
                    }

                    var detour = tp.Seconds + leg.Duration.TotalSeconds + o.Seconds - direct;
                    if (detour > d.MaxDetour.TotalSeconds || leg.Duration > d.MaxRideTime)
                    {
                        continue;
                    }

                    if (!viaTransit && !walkOutDone[k])
                    {
                        walkOut[k] = Walk(q, destination, leg.Arrival);
                        walkOutDone[k] = true;
                    }

                    var walk = walkOut[k] is { } wo ? wo with { Departure = leg.Arrival, Arrival = leg.Arrival + wo.Duration } : null;
                    Continue(walkIn, leg with { Price = offer.Price.Cost(leg.DistanceMeters), Currency = offer.Price.Currency }, q, destination, viaTransit, walk, into);
                }
            }
        }

        // The rides to a stop most likely to arrive first; ties by content, never operator.
        return [.. _toStops.OrderBy(t => t.Estimate).ThenBy(t => t.Key, StringComparer.Ordinal).Take(options.TransitContinuations)];
    }

    private void Continue(Leg? walkIn, Leg ride, Place dropoff, Place destination, bool viaTransit, Leg? walkOut, List<Itinerary> into)
    {
        List<Leg> head = walkIn is null ? [ride] : [walkIn, ride];
        if (!viaTransit)
        {
            if (walkOut is null || walkOut.Duration <= options.MaxWalk)
            {
                into.Add(new Itinerary(walkOut is null ? head : [.. head, walkOut]));
            }

            return;
        }

        var remaining = Geo.HaversineMeters(dropoff.Lat, dropoff.Lon, destination.Lat, destination.Lon) / options.EstimateSpeedMps;
        var partial = new Itinerary(head);
        _toStops.Add(new CarpoolToStop(partial, dropoff, ride.Arrival.AddSeconds(remaining), ItineraryRanker.NeutralKey(partial)));
    }

    /// <summary>Continues a ride to a stop by a transit search from the stop to <paramref name="destination"/>.</summary>
    public void ContinueByTransit(CarpoolToStop toStop, Place destination, List<Itinerary> into)
    {
        ArgumentNullException.ThrowIfNull(toStop);
        var (head, dropoff, ride) = (toStop.Head.Legs, toStop.Dropoff, toStop.Head.Legs[^1]);
        var rest = transit.Plan(new PlanRequest(new GeoCoordinate(dropoff.Lat, dropoff.Lon), new GeoCoordinate(destination.Lat, destination.Lon),
            legs.ToLocal(ride.Arrival), false, PlanModes.Walk | PlanModes.Transit));
        foreach (var it in rest.Itineraries.Where(i => i.Legs.Any(l => l.Mode == LegMode.Transit)))
        {
            into.Add(new Itinerary([.. head, it.Legs[0] with { From = dropoff }, .. it.Legs.Skip(1)]));
        }
    }

    /// <summary>A lower bound of the car's time between two places, in seconds (straight line at the top speed).</summary>
    private double Bound(Place a, Place b) => Geo.HaversineMeters(a.Lat, a.Lon, b.Lat, b.Lon) / _maxCarSpeed;

    /// <summary>A walk between two places, or null when they are the same place.</summary>
    private Leg? Walk(Place a, Place b, DateTimeOffset at) =>
        Geo.HaversineMeters(a.Lat, a.Lon, b.Lat, b.Lon) < 1 ? null : legs.Leg(a, b, at, StreetProfile.Walk, LegMode.Walk);

    private static GeoCoordinate? Nearest(IReadOnlyList<GeoCoordinate> line, Place p) =>
        line.Count == 0 ? null : line.MinBy(c => Geo.HaversineMeters(c.Lat, c.Lon, p.Lat, p.Lon));

    /// <summary>Stops near the driver's route that bring the traveler closer to the destination, nearest to it first.</summary>
    private IEnumerable<Place> StopsNear(CarpoolRoute route, Place origin, Place destination)
    {
        var stops = legs.Snapshot.Timetable.Stops;
        var start = Geo.HaversineMeters(origin.Lat, origin.Lon, destination.Lat, destination.Lon);
        return route.StopsNearRoute
            .Select(i => (Stop: stops[i], Meters: Geo.HaversineMeters(stops[i].Lat, stops[i].Lon, destination.Lat, destination.Lon)))
            .Where(s => s.Meters < start)
            .OrderBy(s => s.Meters).ThenBy(s => s.Stop.Id, StringComparer.Ordinal)
            .Take(options.TransitDropoffs)
            .Select(s => new Place(s.Stop.Name, s.Stop.Lat, s.Stop.Lon, s.Stop.Id));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

using Mobility.Routing.Matching.Carpool;

namespace Mobility.Routing.Matching.Checking;

public static partial class SolutionChecker
{
    private static readonly TimeSpan TimeTolerance = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Checks a carpool matching against the original offers and requests: each plan is driven again with the
    /// travel-time model (boarding time at every stop, waiting allowed), and the windows, seats, detour budget,
    /// ride times and pickup-before-dropoff order are verified; every valid request must be served once or reported.
    /// </summary>
    public static IReadOnlyList<Violation> CheckCarpool(
        IReadOnlyList<DriverOffer> offers,
        IReadOnlyList<RiderRequest> requests,
        CarpoolMatching matching,
        ITravelTimeModel model,
        TimeSpan boarding)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(matching);
        ArgumentNullException.ThrowIfNull(model);
        var v = new List<Violation>();
        var offerById = offers.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.First());
        var requestById = requests.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
        var servedBy = new Dictionary<RequestId, OfferId>();
        var planned = new HashSet<OfferId>();

        foreach (var plan in matching.Plans)
        {
            if (!offerById.TryGetValue(plan.Offer, out var offer))
            {
                v.Add(new Violation(ViolationKind.Unknown, $"plan {plan.Offer}", "no such offer"));
                continue;
            }

            if (!planned.Add(plan.Offer))
                v.Add(new Violation(ViolationKind.Duplicate, $"plan {plan.Offer}", "offer planned twice"));
            CheckPlan(offer, plan, requestById, servedBy, model, boarding, v);
        }

        var refused = matching.RefusedRequests.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var unserved = new HashSet<RequestId>();
        foreach (var u in matching.Unserved)
        {
            if (!unserved.Add(u.Request)) v.Add(new Violation(ViolationKind.Duplicate, $"request {u.Request}", "reported unserved twice"));
            if (servedBy.ContainsKey(u.Request)) v.Add(new Violation(ViolationKind.Coverage, $"request {u.Request}", "reported unserved but served"));
        }

        foreach (var r in requests)
        {
            if (!refused.Contains(r.Id.Value) && !servedBy.ContainsKey(r.Id) && !unserved.Contains(r.Id))
                v.Add(new Violation(ViolationKind.Coverage, $"request {r.Id}", "neither served nor reported unserved"));
        }

        return v;
    }

    private static void CheckPlan(
        DriverOffer offer,
        DriverPlan plan,
        Dictionary<RequestId, RiderRequest> requestById,
        Dictionary<RequestId, OfferId> servedBy,
        ITravelTimeModel model,
        TimeSpan boarding,
        List<Violation> v)
    {
        var name = $"plan {offer.Id}";
        if (plan.Departure < offer.DepartureEarliest - TimeTolerance || plan.Departure > offer.DepartureLatest + TimeTolerance)
            v.Add(new Violation(ViolationKind.TimeWindow, $"{name} departure", $"{plan.Departure:O} outside [{offer.DepartureEarliest:O}, {offer.DepartureLatest:O}]"));

        var time = plan.Departure;
        var here = offer.Origin;
        var service = TimeSpan.Zero;
        var load = 0;
        var pickedAt = new Dictionary<RequestId, DateTimeOffset>();
        for (var s = 0; s < plan.Stops.Count; s++)
        {
            var stop = plan.Stops[s];
            var where = $"{name} stop {s + 1} ({stop.Kind} {stop.Request})";
            if (!requestById.TryGetValue(stop.Request, out var request))
            {
                v.Add(new Violation(ViolationKind.Unknown, where, "no such request"));
                continue;
            }

            var expected = stop.Kind == StopKind.Pickup ? request.Pickup : request.Dropoff;
            if (stop.Position != expected) v.Add(new Violation(ViolationKind.Unknown, where, "position is not the request's"));
            var arrival = time + service + TimeSpan.FromSeconds(model.Seconds(here, expected));
            if (stop.Time < arrival - TimeTolerance)
                v.Add(new Violation(ViolationKind.TimeWindow, where, $"at {stop.Time:O} but cannot arrive before {arrival:O}"));
            time = stop.Time > arrival ? stop.Time : arrival;
            here = expected;
            service = boarding;

            if (stop.Kind == StopKind.Pickup)
            {
                if (servedBy.TryGetValue(request.Id, out var other) || pickedAt.ContainsKey(request.Id))
                    v.Add(new Violation(ViolationKind.Duplicate, where, $"already picked up (by {other?.Value ?? offer.Id.Value})"));
                pickedAt[request.Id] = time;
                servedBy[request.Id] = offer.Id;
                if (time < request.PickupEarliest - TimeTolerance || time > request.PickupLatest + TimeTolerance)
                    v.Add(new Violation(ViolationKind.TimeWindow, where, $"pickup at {time:O} outside [{request.PickupEarliest:O}, {request.PickupLatest:O}]"));
                load += request.Riders;
                if (load > offer.Seats) v.Add(new Violation(ViolationKind.Capacity, where, $"{load} riders for {offer.Seats} seats"));
                continue;
            }

            if (!pickedAt.Remove(request.Id, out var picked))
            {
                v.Add(new Violation(ViolationKind.Precedence, where, "dropoff without an earlier pickup in this car"));
                continue;
            }

            load -= request.Riders;
            if (time > request.DropoffLatest + TimeTolerance)
                v.Add(new Violation(ViolationKind.TimeWindow, where, $"dropoff at {time:O} after {request.DropoffLatest:O}"));
            var limit = request.MaxRideTime < offer.MaxRideTime ? request.MaxRideTime : offer.MaxRideTime;
            if (time - picked > limit + TimeTolerance)
                v.Add(new Violation(ViolationKind.RideTime, where, $"ride of {time - picked} over {limit}"));
        }

        foreach (var left in pickedAt.Keys)
            v.Add(new Violation(ViolationKind.Precedence, $"{name} request {left}", "picked up but never dropped off"));

        var end = time + service + TimeSpan.FromSeconds(model.Seconds(here, offer.Destination));
        if (plan.Arrival < end - TimeTolerance)
            v.Add(new Violation(ViolationKind.TimeWindow, $"{name} arrival", $"at {plan.Arrival:O} but cannot arrive before {end:O}"));
        var detour = plan.Arrival - plan.Departure - TimeSpan.FromSeconds(model.Seconds(offer.Origin, offer.Destination));
        if (detour > offer.MaxDetour + TimeTolerance)
            v.Add(new Violation(ViolationKind.Detour, $"{name} arrival", $"detour {detour} over budget {offer.MaxDetour}"));
    }
}

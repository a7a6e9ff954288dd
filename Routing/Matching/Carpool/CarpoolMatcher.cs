using System.Collections.Concurrent;
using System.Diagnostics;
using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Carpool;

/// <summary>
/// Assigns riders to drivers. Invalid inputs are refused with reasons; candidate drivers are found per request;
/// the candidate graph is cut into bounded sub-problems, each solved by OR-Tools as a multi-depot PDPTW (every
/// driver starts at its origin and ends at its destination) with seats, time windows, detour budgets as route span
/// bounds and ride-time bounds; requests that cannot all be served are dropped at a penalty and reported.
/// </summary>
public sealed class CarpoolMatcher(ITravelTimeModel model, TimeProvider clock)
{
    /// <summary>Penalty of an unserved request, in seconds of driving: serving one more rider always wins.</summary>
    private const long DropPenalty = 10_000_000;

    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(400);
    private static readonly TimeSpan MinPartTime = TimeSpan.FromMilliseconds(10);

    public CarpoolMatching Match(IReadOnlyList<DriverOffer> offers, IReadOnlyList<RiderRequest> requests, CarpoolMatcherOptions options)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(options);
        var watch = Stopwatch.StartNew();
        var deadline = options.TimeLimit;
        var now = clock.GetUtcNow();

        var refusedOffers = new List<Refusal>();
        var validOffers = Accept(offers, o => o.Id.Value, o => CarpoolValidation.Validate(o, now), refusedOffers);
        var refusedRequests = new List<Refusal>();
        var validRequests = Accept(requests, r => r.Id.Value, r => CarpoolValidation.Validate(r, now), refusedRequests);

        var timeline = new CarpoolTimeline(validOffers, validRequests, now, model, options.BoardingTime);
        var dop = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        var candidates = CandidateFinder.Find(timeline, Math.Max(1, options.CandidatesPerRequest), dop);
        var (parts, orphans) = SubProblemPartitioner.Partition(validOffers.Count, candidates, Math.Max(2, options.MaxSubProblemSize));

        var unserved = new ConcurrentBag<UnservedRequest>();
        for (var r = 0; r < validRequests.Count; r++)
        {
            if (candidates[r].Count == 0)
                unserved.Add(new UnservedRequest(validRequests[r].Id, "no driver can serve it within its windows, seats, ride time and detour budget"));
        }

        foreach (var r in orphans)
            unserved.Add(new UnservedRequest(validRequests[r].Id, "its candidate drivers are all in saturated sub-problems"));

        var plans = new ConcurrentBag<DriverPlan>();
        var remainingSize = parts.Sum(p => p.Size);
        var gate = new Lock();
        Parallel.ForEach(parts, new ParallelOptions { MaxDegreeOfParallelism = dop }, part =>
        {
            TimeSpan limit;
            lock (gate)
            {
                // Share what is left of the budget in proportion to size among the parts not yet started; keep a
                // margin for assembling the answer and for OR-Tools finishing its current move after the limit.
                var left = deadline - watch.Elapsed - SafetyMargin;
                limit = left * dop * part.Size / Math.Max(1, remainingSize);
                if (limit > left) limit = left;
                remainingSize -= part.Size;
            }

            var bounded = limit < MinPartTime ? MinPartTime : limit;
            SolvePart(timeline, candidates, part, bounded, plans, unserved);
        });

        var planList = plans.OrderBy(p => p.Offer.Value, StringComparer.Ordinal).ToList();
        var planned = new HashSet<OfferId>(planList.Select(p => p.Offer));
        for (var d = 0; d < validOffers.Count; d++)
        {
            if (planned.Contains(validOffers[d].Id)) continue;
            var dep = timeline.DepartEarliest[d];
            planList.Add(new DriverPlan(validOffers[d].Id, timeline.At(dep), [], timeline.At(dep + timeline.DirectOffer[d]), TimeSpan.FromSeconds(timeline.DirectOffer[d])));
        }

        var stats = new CarpoolMatchingStats(candidates.Sum(c => c.Count), parts.Count, parts.Count == 0 ? 0 : parts.Max(p => (2 * p.Size)), watch.Elapsed);
        return new CarpoolMatching(
            planList,
            unserved.OrderBy(u => u.Request.Value, StringComparer.Ordinal).ToList(),
            refusedOffers,
            refusedRequests,
            stats);
    }

    private static List<T> Accept<T>(IReadOnlyList<T> items, Func<T, string> id, Func<T, IReadOnlyList<string>> validate, List<Refusal> refused)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<T>(items.Count);
        foreach (var item in items)
        {
            var reasons = validate(item).ToList();
            if (!seen.Add(id(item))) reasons.Add("duplicate id");
            if (reasons.Count > 0) refused.Add(new Refusal(id(item), reasons));
            else valid.Add(item);
        }

        return valid;
    }

    private static void SolvePart(
        CarpoolTimeline t,
        List<Candidate>[] candidates,
        SubProblem part,
        TimeSpan limit,
        ConcurrentBag<DriverPlan> plans,
        ConcurrentBag<UnservedRequest> unserved)
    {
        // Nodes: 2 per driver (origin, destination) then 2 per request (pickup, dropoff).
        var positions = new List<GeoPoint>();
        var nodes = new List<PdptwNode>();
        var vehicles = new List<PdptwVehicle>();
        var localOffer = new Dictionary<int, int>();
        long horizon = 1;
        foreach (var d in part.Offers)
        {
            var o = t.Offers[d];
            var depL = t.Seconds(o.DepartureLatest);
            var depE = Math.Min(t.DepartEarliest[d], depL);
            var span = t.DirectOffer[d] + (long)o.MaxDetour.TotalSeconds;
            localOffer[d] = vehicles.Count;
            vehicles.Add(new PdptwVehicle(nodes.Count, nodes.Count + 1, o.Seats, 0, span));
            positions.Add(o.Origin);
            nodes.Add(new PdptwNode(depE, depL, 0, 0));
            positions.Add(o.Destination);
            nodes.Add(new PdptwNode(depE, depL + span, 0, 0));
            horizon = Math.Max(horizon, depL + span + 1);
        }

        var requests = new List<PdptwRequest>();
        foreach (var r in part.Requests)
        {
            var q = t.Requests[r];
            var allowed = candidates[r].Where(c => localOffer.ContainsKey(c.Offer)).Select(c => c.Offer).ToList();
            var pE = t.SecondsCeil(q.PickupEarliest);
            var pL = Math.Max(pE, t.Seconds(q.PickupLatest));
            var dL = Math.Max(pE, t.Seconds(q.DropoffLatest));
            var ride = allowed.Min(d => t.RideLimit(r, d));
            requests.Add(new PdptwRequest(nodes.Count, nodes.Count + 1, DropPenalty, ride, allowed.Select(d => localOffer[d]).ToArray()));
            positions.Add(q.Pickup);
            nodes.Add(new PdptwNode(pE, pL, t.Boarding, q.Riders));
            positions.Add(q.Dropoff);
            nodes.Add(new PdptwNode(pE, dL, t.Boarding, -q.Riders));
            horizon = Math.Max(horizon, dL + t.Boarding + 1);
        }

        var n = nodes.Count;
        var travel = new long[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
                travel[(i * n) + j] = i == j ? 0 : t.Model.Seconds(positions[i], positions[j]);
        }

        var problem = new PdptwProblem(nodes, vehicles, requests, travel, null, horizon + travel.Max());
        var solution = PdptwSolver.Solve(problem, new PdptwSolverOptions(limit, TightSchedules: true));
        var requestOfNode = new Dictionary<int, (int Request, StopKind Kind)>();
        for (var i = 0; i < part.Requests.Count; i++)
        {
            requestOfNode[requests[i].Pickup] = (part.Requests[i], StopKind.Pickup);
            requestOfNode[requests[i].Delivery] = (part.Requests[i], StopKind.Dropoff);
        }

        if (solution.Status != PdptwStatus.Solved)
        {
            foreach (var r in part.Requests)
                unserved.Add(new UnservedRequest(t.Requests[r].Id, "the optimiser found no solution in the time limit"));
            return;
        }

        foreach (var i in solution.DroppedRequests)
            unserved.Add(new UnservedRequest(t.Requests[part.Requests[i]].Id, "dropped: its candidate drivers' seats, schedules or detour budgets went to other riders"));

        foreach (var route in solution.Routes)
        {
            var d = part.Offers[route.Vehicle];
            var stops = route.Stops
                .Select(v => (Info: requestOfNode[v.Node], v.Time, v.Node))
                .Select(x => new PlannedStop(t.Requests[x.Info.Request].Id, x.Info.Kind, positions[x.Node], t.At(x.Time)))
                .ToList();
            plans.Add(new DriverPlan(t.Offers[d].Id, t.At(route.Visits[0].Time), stops, t.At(route.Visits[^1].Time), TimeSpan.FromSeconds(t.DirectOffer[d])));
        }
    }
}

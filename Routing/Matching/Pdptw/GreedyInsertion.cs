namespace Mobility.Routing.Matching.Pdptw;

/// <summary>
/// A fast construction for <see cref="PdptwProblem"/>: requests in order of fewest allowed vehicles, each inserted at
/// its cheapest feasible pickup and delivery positions over all allowed routes, or dropped. Feasibility is checked
/// by simulating the route (earliest service, waiting allowed, departure delayed to just reach the first stop) for
/// time windows, capacity, ride time and span. It gives every sub-problem an answer in milliseconds, which the
/// OR-Tools search then improves when time is left.
/// </summary>
public static class GreedyInsertion
{
    public static PdptwSolution Solve(PdptwProblem problem, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var vehicles = problem.Vehicles;
        var routes = vehicles.Select(v => new List<int> { v.Start, v.End }).ToArray();
        var maxRide = new long[problem.NodeCount];
        Array.Fill(maxRide, long.MaxValue);
        foreach (var r in problem.Requests) maxRide[r.Delivery] = r.MaxRideTime;
        var pickupOf = new int[problem.NodeCount];
        Array.Fill(pickupOf, -1);
        foreach (var r in problem.Requests) pickupOf[r.Delivery] = r.Pickup;

        var order = Enumerable.Range(0, problem.Requests.Count)
            .OrderBy(i => problem.Requests[i].AllowedVehicles?.Count ?? vehicles.Count)
            .ToArray();
        var dropped = new List<int>();
        var scratch = new List<int>();
        var times = new long[problem.NodeCount];
        foreach (var i in order)
        {
            var req = problem.Requests[i];
            if (cancellation.IsCancellationRequested)
            {
                dropped.Add(i);
                continue;
            }

            var best = (Vehicle: -1, P: 0, D: 0, Cost: long.MaxValue);
            var allowed = req.AllowedVehicles ?? Enumerable.Range(0, vehicles.Count).ToArray();
            foreach (var v in allowed)
            {
                var route = routes[v];
                for (var p = 1; p < route.Count; p++)
                {
                    for (var d = p; d < route.Count; d++)
                    {
                        var cost = InsertionCost(problem, route, req.Pickup, req.Delivery, p, d);
                        if (cost >= best.Cost) continue;
                        scratch.Clear();
                        scratch.AddRange(route);
                        scratch.Insert(d, req.Delivery);
                        scratch.Insert(p, req.Pickup);
                        if (Simulate(problem, vehicles[v], scratch, maxRide, pickupOf, times)) best = (v, p, d, cost);
                    }
                }
            }

            if (best.Vehicle < 0)
            {
                dropped.Add(i);
                continue;
            }

            routes[best.Vehicle].Insert(best.D, req.Delivery);
            routes[best.Vehicle].Insert(best.P, req.Pickup);
        }

        var result = new List<PdptwRoute>(vehicles.Count);
        long objective = dropped.Sum(i => Math.Max(0, problem.Requests[i].DropPenalty));
        for (var v = 0; v < vehicles.Count; v++)
        {
            var route = routes[v];
            if (!Simulate(problem, vehicles[v], route, maxRide, pickupOf, times))
                return new PdptwSolution([], Enumerable.Range(0, problem.Requests.Count).ToArray(), 0, PdptwStatus.NoSolution);
            result.Add(new PdptwRoute(v, route.Select(n => new PdptwVisit(n, times[n])).ToArray()));
            // As OR-Tools counts it: an unused vehicle costs nothing, not even the arc from its start to its end.
            if (route.Count <= 2) continue;
            for (var k = 1; k < route.Count; k++) objective += problem.Cost(route[k - 1], route[k]);
            objective += vehicles[v].FixedCost;
        }

        dropped.Sort();
        return new PdptwSolution(result, dropped, objective, PdptwStatus.Solved);
    }

    /// <summary>Added arc cost of inserting pickup before position p and delivery before position d (in the original route).</summary>
    private static long InsertionCost(PdptwProblem pr, List<int> route, int pickup, int delivery, int p, int d)
    {
        if (p == d)
        {
            var a = route[p - 1];
            var b = route[p];
            return pr.Cost(a, pickup) + pr.Cost(pickup, delivery) + pr.Cost(delivery, b) - pr.Cost(a, b);
        }

        return pr.Cost(route[p - 1], pickup) + pr.Cost(pickup, route[p]) - pr.Cost(route[p - 1], route[p]) +
               pr.Cost(route[d - 1], delivery) + pr.Cost(delivery, route[d]) - pr.Cost(route[d - 1], route[d]);
    }

    /// <summary>Schedules the route; false when a window, the capacity, a ride time or the span is broken.</summary>
    internal static bool Simulate(PdptwProblem pr, PdptwVehicle vehicle, List<int> route, long[] maxRide, int[] pickupOf, long[] times)
    {
        var nodes = pr.Nodes;
        var start = nodes[route[0]];
        var first = route[1];
        var justInTime = nodes[first].Earliest - start.Service - pr.Travel(route[0], first);
        var t = Math.Clamp(justInTime, start.Earliest, start.Latest);
        times[route[0]] = t;
        var load = 0;
        for (var k = 1; k < route.Count; k++)
        {
            var prev = route[k - 1];
            var node = route[k];
            t = Math.Max(t + nodes[prev].Service + pr.Travel(prev, node), nodes[node].Earliest);
            if (t > nodes[node].Latest) return false;
            times[node] = t;
            load += nodes[node].Demand;
            if (load > vehicle.Capacity) return false;
            if (pickupOf[node] >= 0 && t - times[pickupOf[node]] > maxRide[node]) return false;
        }

        return t - times[route[0]] <= vehicle.MaxSpan;
    }
}

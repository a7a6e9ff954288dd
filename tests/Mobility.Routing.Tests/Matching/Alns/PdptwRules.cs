using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Tests.Matching.Alns;

/// <summary>
/// The rules of a <see cref="PdptwProblem"/> written plainly, apart from the solvers: each route is driven from its
/// vehicle's start (leaving just in time for the first stop, waiting for windows to open) and every rule is tested
/// one by one. Random problems with the carpool matcher's extra rules feed it.
/// </summary>
internal static class PdptwRules
{
    public static long Objective(PdptwProblem problem, PdptwSolution solution) =>
        Objective(problem, LargeNeighbourhoodSearchTests.Stops(solution));

    /// <summary>Fixed costs of used vehicles, arc costs, and the drop penalties of requests in no route.</summary>
    public static long Objective(PdptwProblem problem, IReadOnlyList<IReadOnlyList<int>> stops)
    {
        long total = 0;
        var served = new HashSet<int>();
        for (var v = 0; v < stops.Count; v++)
        {
            if (stops[v].Count == 0) continue;
            var vehicle = problem.Vehicles[v];
            int[] path = [vehicle.Start, .. stops[v], vehicle.End];
            total += vehicle.FixedCost;
            for (var k = 1; k < path.Length; k++) total += problem.Cost(path[k - 1], path[k]);
            served.UnionWith(stops[v]);
        }

        return total + problem.Requests.Where(r => !served.Contains(r.Pickup)).Sum(r => r.DropPenalty);
    }

    public static List<string> Faults(PdptwProblem problem, PdptwSolution solution)
    {
        var faults = new List<string>();
        var seen = new HashSet<int>();
        var stops = LargeNeighbourhoodSearchTests.Stops(solution);
        for (var v = 0; v < stops.Length; v++)
        {
            var vehicle = problem.Vehicles[v];
            if (stops[v].Count == 0) continue;
            int[] path = [vehicle.Start, .. stops[v], vehicle.End];
            var time = new Dictionary<int, long>();
            var first = path[1];
            var t = Math.Clamp(problem.Nodes[first].Earliest - problem.Nodes[path[0]].Service - problem.Travel(path[0], first),
                problem.Nodes[path[0]].Earliest, problem.Nodes[path[0]].Latest);
            var departure = t;
            var load = 0;
            for (var k = 1; k < path.Length; k++)
            {
                var node = path[k];
                t = Math.Max(t + problem.Nodes[path[k - 1]].Service + problem.Travel(path[k - 1], node), problem.Nodes[node].Earliest);
                time[node] = t;
                if (t > problem.Nodes[node].Latest) faults.Add($"vehicle {v}: node {node} at {t} after {problem.Nodes[node].Latest}");
                load += problem.Nodes[node].Demand;
                if (load > vehicle.Capacity) faults.Add($"vehicle {v}: load {load} at node {node}");
            }

            if (t - departure > vehicle.MaxSpan) faults.Add($"vehicle {v}: span {t - departure} over {vehicle.MaxSpan}");
            foreach (var node in stops[v])
            {
                if (!seen.Add(node)) faults.Add($"node {node} visited twice");
                var request = problem.Requests.SingleOrDefault(r => r.Pickup == node || r.Delivery == node);
                if (request is null)
                {
                    faults.Add($"node {node} is not a request stop");
                    continue;
                }

                if (request.AllowedVehicles is { } allowed && !allowed.Contains(v)) faults.Add($"vehicle {v} not allowed for node {node}");
                if (!time.TryGetValue(request.Pickup, out var p) || !time.TryGetValue(request.Delivery, out var d))
                    faults.Add($"request {request.Pickup}->{request.Delivery} split over vehicles");
                else if (Array.IndexOf(path, request.Pickup) > Array.IndexOf(path, request.Delivery))
                    faults.Add($"request {request.Pickup}->{request.Delivery} delivered first");
                else if (d - p > request.MaxRideTime) faults.Add($"request {request.Pickup}->{request.Delivery} rides {d - p} over {request.MaxRideTime}");
            }
        }

        var dropped = problem.Requests.Select((r, i) => (r, i)).Where(x => !seen.Contains(x.r.Pickup)).Select(x => x.i);
        if (!dropped.SequenceEqual(solution.DroppedRequests)) faults.Add("dropped requests misreported");
        return faults;
    }

    /// <summary>2-3 vehicles with their own start and end, 4-9 requests with ride limits, allowed vehicles, spans.</summary>
    public static PdptwProblem RandomProblem(int seed)
    {
        var rng = new Random(seed);
        var vehicleCount = 2 + rng.Next(2);
        var requestCount = 4 + rng.Next(6);
        var n = (2 * vehicleCount) + (2 * requestCount);
        var x = Enumerable.Range(0, n).Select(_ => rng.Next(100)).ToArray();
        var y = Enumerable.Range(0, n).Select(_ => rng.Next(100)).ToArray();
        var travel = new long[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) travel[(i * n) + j] = (long)Math.Ceiling(Math.Sqrt(Math.Pow(x[i] - x[j], 2) + Math.Pow(y[i] - y[j], 2)));
        }

        var nodes = new PdptwNode[n];
        var vehicles = new PdptwVehicle[vehicleCount];
        for (var v = 0; v < vehicleCount; v++)
        {
            nodes[2 * v] = new PdptwNode(0, 60, 0, 0);
            nodes[(2 * v) + 1] = new PdptwNode(0, 500, 0, 0);
            var span = rng.Next(3) == 0 ? long.MaxValue : 150 + rng.Next(250);
            vehicles[v] = new PdptwVehicle(2 * v, (2 * v) + 1, 2 + rng.Next(4), rng.Next(2) * 50, span);
        }

        var requests = new PdptwRequest[requestCount];
        for (var r = 0; r < requestCount; r++)
        {
            int p = (2 * vehicleCount) + (2 * r), d = p + 1;
            var open = rng.Next(200);
            var demand = 1 + rng.Next(2);
            nodes[p] = new PdptwNode(open, open + 20 + rng.Next(80), rng.Next(6), demand);
            nodes[d] = new PdptwNode(open, open + 60 + rng.Next(160), rng.Next(6), -demand);
            var ride = rng.Next(3) == 0 ? long.MaxValue : travel[(p * n) + d] + rng.Next(60);
            int[]? allowed = rng.Next(2) == 0 ? null : Enumerable.Range(0, vehicleCount).Where(_ => rng.Next(2) == 0).DefaultIfEmpty(0).ToArray();
            requests[r] = new PdptwRequest(p, d, 1000 + rng.Next(1000), ride, allowed);
        }

        return new PdptwProblem(nodes, vehicles, requests, travel, null, 10_000);
    }
}

using System.Diagnostics;
using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.LiLim;

/// <summary>A Li &amp; Lim solution: routes as task ids in visiting order (depot left out) and their real length.</summary>
public sealed record LiLimResult(
    string Instance,
    IReadOnlyList<IReadOnlyList<int>> Routes,
    double Distance,
    int UnservedPairs,
    TimeSpan Elapsed)
{
    public int Vehicles => Routes.Count;
}

/// <summary>
/// Maps a Li &amp; Lim instance onto the generic PDPTW core. Distances are scaled to integers: costs are rounded
/// (the objective tracks the real length to 1/<see cref="Scale"/>), travel times are rounded up so that every route
/// feasible for the solver is feasible with the real Euclidean times. The reported distance is recomputed from the
/// coordinates. Vehicles carry a fixed cost larger than any route set's length, so fewer vehicles always win.
/// </summary>
public static class LiLimSolver
{
    public const long Scale = 1000;

    public static PdptwProblem ToProblem(LiLimInstance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var tasks = instance.Tasks;
        var n = tasks.Count;
        var travel = new long[n * n];
        var cost = new long[n * n];
        long maxArc = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var d = instance.Distance(i, j) / instance.Speed * Scale;
                travel[(i * n) + j] = (long)Math.Ceiling(d - 1e-9);
                cost[(i * n) + j] = (long)Math.Round(d);
                maxArc = Math.Max(maxArc, cost[(i * n) + j]);
            }
        }

        var nodes = tasks
            .Select(t => new PdptwNode(t.Earliest * Scale, t.Latest * Scale, t.Service * Scale, t.Demand))
            .ToArray();
        var fixedCost = (n + 1) * maxArc;
        var vehicles = Enumerable.Range(0, instance.Vehicles)
            .Select(_ => new PdptwVehicle(0, 0, instance.Capacity, fixedCost, long.MaxValue))
            .ToArray();

        // Mandatory requests would leave the solver with no answer if the fleet is too small; a penalty above the
        // cost of opening a vehicle keeps every request served whenever possible and reports the rest.
        var penalty = 4 * fixedCost;
        var requests = instance.Pairs
            .Select(p => new PdptwRequest(p.Pickup, p.Delivery, penalty, long.MaxValue))
            .ToArray();
        var horizon = (tasks.Max(t => (long)t.Latest) + tasks.Max(t => (long)t.Service)) * Scale + (2 * maxArc) + 1;
        return new PdptwProblem(nodes, vehicles, requests, travel, cost, horizon);
    }

    public static LiLimResult Solve(LiLimInstance instance, PdptwSolverOptions options)
    {
        var watch = Stopwatch.StartNew();
        var problem = ToProblem(instance);
        var solution = PdptwSolver.Solve(problem, options);
        var routes = solution.Routes
            .Where(r => r.IsUsed)
            .Select(r => (IReadOnlyList<int>)r.Stops.Select(s => s.Node).ToArray())
            .ToArray();
        var unserved = solution.Status == PdptwStatus.Solved ? solution.DroppedRequests.Count : problem.Requests.Count;
        return new LiLimResult(instance.Name, routes, instance.RouteDistance(routes), unserved, watch.Elapsed);
    }
}

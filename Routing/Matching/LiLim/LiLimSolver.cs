using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Matching.Alns;
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

    public static PdptwProblem ToProblem(LiLimInstance instance, int? fleet = null, bool vehiclesFirst = true)
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
        var vehicles = Enumerable.Range(0, fleet ?? instance.Vehicles)
            .Select(_ => new PdptwVehicle(0, 0, instance.Capacity, vehiclesFirst ? fixedCost : 0, long.MaxValue))
            .ToArray();

        // Mandatory requests would leave the solver with no answer if the fleet is too small. Inserting a pair adds
        // at most 4 arcs (triangle inequality), so a penalty above 4 * maxArc (plus the cost of opening a vehicle in
        // vehicles-first mode) makes serving win whenever it is feasible; the rest are reported.
        var penalty = vehiclesFirst ? 4 * fixedCost : (5 * maxArc) + 1;
        var requests = instance.Pairs
            .Select(p => new PdptwRequest(p.Pickup, p.Delivery, penalty, long.MaxValue))
            .ToArray();
        var horizon = (tasks.Max(t => (long)t.Latest) + tasks.Max(t => (long)t.Service)) * Scale + (2 * maxArc) + 1;
        return new PdptwProblem(nodes, vehicles, requests, travel, cost, horizon);
    }

    /// <summary>
    /// Three phases over one time limit. (1) Vehicles first: a fixed cost per vehicle dominates, OR-Tools' parallel
    /// cheapest insertion then a short search. (2) Route elimination: with one vehicle fewer, start from the solution
    /// minus its smallest route and re-insert the orphaned pairs (dropping costs more than any insertion), by the large
    /// neighbourhood search (default) or OR-Tools; keep it when every pair is served, repeat. (3) Distance: fleet
    /// fixed, OR-Tools' local search (distance alone: a dominant fixed cost inflates the objective that guided local
    /// search scales its penalties by), then the large neighbourhood search, vehicles first, from its answer.
    /// </summary>
    public static LiLimResult Solve(LiLimInstance instance, PdptwSolverOptions options, LiLimStrategy? strategy = null, Action<string>? trace = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = strategy ?? LiLimStrategy.Default;
        var watch = Stopwatch.StartNew();
        var total = options.TimeLimit;
        var problem = ToProblem(instance);
        var first = PdptwSolver.Solve(problem, options with { TimeLimit = total * s.ConstructionShare });

        // On a starved machine the construction share can end before OR-Tools' first solution; the greedy
        // insertion always answers, and the later phases improve it.
        if (first.Status != PdptwStatus.Solved) first = GreedyInsertion.Solve(problem);
        if (first.Status != PdptwStatus.Solved)
            return new LiLimResult(instance.Name, [], 0, problem.Requests.Count, watch.Elapsed);
        var routes = UsedRoutes(first);
        var unserved = first.DroppedRequests.Count;
        void Trace(string phase) => trace?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"{watch.Elapsed.TotalSeconds,6:F2} s  {phase,-12} {routes.Length} vehicles, {instance.RouteDistance(routes):F2}, {unserved} unserved"));
        Trace("construction");
        var later = options with { Metaheuristic = s.ImprovementMetaheuristic };

        var eliminationEnd = total * (s.ConstructionShare + s.EliminationShare);
        while (unserved == 0 && routes.Length > 1)
        {
            var slice = Min(total * s.EliminationSlice, eliminationEnd - watch.Elapsed);
            if (slice < TimeSpan.FromMilliseconds(50)) break;
            var smallest = Enumerable.Range(0, routes.Length).MinBy(k => (routes[k].Count, instance.RouteDistance([routes[k]])));
            var start = routes.Where((_, k) => k != smallest).ToArray();
            var attempt = s.LnsElimination
                ? LargeNeighbourhoodSearch.Improve(ToProblem(instance, routes.Length - 1), start, new LnsOptions(slice, Seed: s.Seed, StopWhenAllServed: true))
                : PdptwSolver.Solve(ToProblem(instance, routes.Length - 1, vehiclesFirst: false), later with { TimeLimit = slice }, start);
            if (attempt.Status != PdptwStatus.Solved || attempt.DroppedRequests.Count > 0)
            {
                Trace("elimination failed");
                break;
            }

            routes = UsedRoutes(attempt);
            Trace("elimination");
        }

        // Distance: OR-Tools' local search from the best routes, then the large neighbourhood search from its answer.
        // On tightly timed instances (lc104: nine routes nearly full of service time) no single pair move of the
        // local search is feasible and it stays at the construction's basin; removing and re-inserting several related
        // requests at once leaves it.
        var fleet = ToProblem(instance, routes.Length, vehiclesFirst: false);
        var localShare = 1 - s.LnsShare;
        var left = (total - watch.Elapsed) * localShare;
        if (localShare > 0 && left > TimeSpan.FromMilliseconds(50))
        {
            var improved = PdptwSolver.Solve(fleet, later with { TimeLimit = left }, routes);
            Keep(improved);
            Trace("distance");
        }

        left = total - watch.Elapsed;
        if (s.LnsShare > 0 && left > TimeSpan.FromMilliseconds(50) && routes.Length > 0)
        {
            // The search minimises the problem's own objective, so it gets the vehicles-first one: a fixed cost per
            // vehicle above any distance. Its annealing temperature follows distances, so unlike guided local search
            // it is not blunted by the fixed cost; opening a vehicle is never accepted, closing one always is.
            var improved = LargeNeighbourhoodSearch.Improve(ToProblem(instance, routes.Length), routes, new LnsOptions(left, Seed: s.Seed));
            Keep(improved);
            Trace("lns");
        }

        void Keep(PdptwSolution improved)
        {
            // Served pairs first, then vehicles, then distance.
            var better = UsedRoutes(improved);
            var dropped = improved.DroppedRequests.Count;
            if (improved.Status == PdptwStatus.Solved &&
                (dropped, better.Length, instance.RouteDistance(better)).CompareTo((unserved, routes.Length, instance.RouteDistance(routes))) < 0)
            {
                routes = better;
                unserved = dropped;
            }
        }

        return new LiLimResult(instance.Name, routes, instance.RouteDistance(routes), unserved, watch.Elapsed);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static IReadOnlyList<int>[] UsedRoutes(PdptwSolution solution) =>
        solution.Routes
            .Where(r => r.IsUsed)
            .Select(r => (IReadOnlyList<int>)r.Stops.Select(s => s.Node).ToArray())
            .ToArray();
}

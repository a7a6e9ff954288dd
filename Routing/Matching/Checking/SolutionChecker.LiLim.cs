using Mobility.Routing.Matching.LiLim;

namespace Mobility.Routing.Matching.Checking;

/// <summary>
/// Checks solutions from scratch, sharing no code with the solvers: Li &amp; Lim routes against the real Euclidean
/// times and carpool plans against the travel-time model and the original offers and requests.
/// </summary>
public static partial class SolutionChecker
{
    /// <summary>Tolerance on real-valued times (the solver works on scaled integers).</summary>
    public const double Epsilon = 1e-6;

    /// <summary>
    /// Checks Li &amp; Lim routes (task ids in order, depot left out) by simulating each vehicle from the depot at
    /// time 0: travel at the instance speed, wait for windows to open, serve, and return before the depot closes.
    /// </summary>
    /// <param name="allowUnserved">Whether pairs may be left out (the solver reports them); otherwise all must be served.</param>
    public static IReadOnlyList<Violation> CheckLiLim(LiLimInstance instance, IReadOnlyList<IReadOnlyList<int>> routes, bool allowUnserved = false)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(routes);
        var v = new List<Violation>();
        var tasks = instance.Tasks;
        var routeOf = new int[tasks.Count];
        var position = new int[tasks.Count];
        Array.Fill(routeOf, -1);
        if (routes.Count > instance.Vehicles)
            v.Add(new Violation(ViolationKind.Coverage, "fleet", $"{routes.Count} routes for {instance.Vehicles} vehicles"));

        for (var k = 0; k < routes.Count; k++)
        {
            var route = routes[k];
            double time = tasks[0].Earliest;
            var load = 0;
            var previous = 0;
            for (var s = 0; s < route.Count; s++)
            {
                var id = route[s];
                var where = $"vehicle {k + 1} stop {s + 1} (task {id})";
                if (id <= 0 || id >= tasks.Count)
                {
                    v.Add(new Violation(ViolationKind.Unknown, where, "no such task"));
                    continue;
                }

                if (routeOf[id] >= 0)
                {
                    v.Add(new Violation(ViolationKind.Duplicate, where, $"already visited by vehicle {routeOf[id] + 1}"));
                    continue;
                }

                routeOf[id] = k;
                position[id] = s;
                var task = tasks[id];
                time += tasks[previous].Service + (instance.Distance(previous, id) / instance.Speed);
                time = Math.Max(time, task.Earliest);
                if (time > task.Latest + Epsilon)
                    v.Add(new Violation(ViolationKind.TimeWindow, where, $"service starts at {time:F3} after {task.Latest}"));
                if (task.IsDelivery && (routeOf[task.PickupIndex] != k || position[task.PickupIndex] >= s))
                    v.Add(new Violation(ViolationKind.Precedence, where, $"pickup {task.PickupIndex} not earlier on this vehicle"));
                load += task.Demand;
                if (load > instance.Capacity)
                    v.Add(new Violation(ViolationKind.Capacity, where, $"load {load} above {instance.Capacity}"));
                previous = id;
            }

            time += tasks[previous].Service + (instance.Distance(previous, 0) / instance.Speed);
            if (time > tasks[0].Latest + Epsilon)
                v.Add(new Violation(ViolationKind.TimeWindow, $"vehicle {k + 1} return", $"back at depot at {time:F3} after {tasks[0].Latest}"));
        }

        foreach (var (p, d) in instance.Pairs)
        {
            var pServed = routeOf[p] >= 0;
            var dServed = routeOf[d] >= 0;
            if (pServed && !dServed)
                v.Add(new Violation(ViolationKind.Precedence, $"task {p}", $"picked up but delivery {d} never made"));
            else if (!pServed && !dServed && !allowUnserved)
                v.Add(new Violation(ViolationKind.Coverage, $"task {p}", "pair not served"));
        }

        return v;
    }
}

namespace Mobility.Routing.Matching.Alns;

/// <summary>A complete or partial solution: one <see cref="RoutePlan"/> per vehicle and the requests left out.</summary>
internal sealed class SearchState
{
    /// <summary>Cost of leaving a mandatory request out: above any route set, so such a state is never accepted.</summary>
    public const long MandatoryPenalty = 1L << 50;

    private readonly SearchContext _context;

    public SearchState(SearchContext context, IReadOnlyList<IReadOnlyList<int>> stops)
    {
        _context = context;
        var problem = context.Problem;
        Routes = new RoutePlan[problem.Vehicles.Count];
        for (var v = 0; v < Routes.Length; v++) Routes[v] = new RoutePlan(context, v, v < stops.Count ? stops[v] : []);
        var served = new bool[problem.Requests.Count];
        foreach (var route in Routes)
        {
            foreach (var node in route.Nodes.Skip(1).SkipLast(1))
            {
                var r = context.RequestOf[node];
                if (r >= 0 && node == problem.Requests[r].Pickup) served[r] = true;
            }
        }

        for (var r = 0; r < served.Length; r++)
        {
            if (!served[r]) Unassigned.Add(r);
        }
    }

    public RoutePlan[] Routes { get; }

    /// <summary>Requests not in any route.</summary>
    public List<int> Unassigned { get; } = [];

    public int UsedVehicles => Routes.Count(r => r.IsUsed);

    /// <summary>The problem's objective, as OR-Tools counts it: fixed and arc costs of used vehicles (an unused one costs
    /// nothing) and the penalties of left-out requests.</summary>
    public long Objective
    {
        get
        {
            var problem = _context.Problem;
            long total = 0;
            foreach (var route in Routes)
            {
                if (route.IsUsed) total += route.ArcCost + problem.Vehicles[route.Vehicle].FixedCost;
            }

            foreach (var r in Unassigned)
            {
                var penalty = problem.Requests[r].DropPenalty;
                total += penalty < 0 ? MandatoryPenalty : penalty;
            }

            return total;
        }
    }

    /// <summary>The route that holds a request, or -1.</summary>
    public int RouteOf(int request)
    {
        var pickup = _context.Problem.Requests[request].Pickup;
        for (var v = 0; v < Routes.Length; v++)
        {
            if (Routes[v].Nodes.Contains(pickup)) return v;
        }

        return -1;
    }

    public void Remove(int request)
    {
        var v = RouteOf(request);
        var r = _context.Problem.Requests[request];
        Routes[v].RemovePair(r.Pickup, r.Delivery);
        Unassigned.Add(request);
    }

    public void CopyFrom(SearchState other)
    {
        for (var v = 0; v < Routes.Length; v++) Routes[v].CopyFrom(other.Routes[v]);
        Unassigned.Clear();
        Unassigned.AddRange(other.Unassigned);
    }

    /// <summary>Why the routes are not a solution of the problem, or null: the search only starts from valid ones.</summary>
    public string? Fault()
    {
        var problem = _context.Problem;
        var seen = new bool[problem.NodeCount];
        foreach (var route in Routes)
        {
            if (!route.OnTime || (_context.HasRouteWideLimits && !_context.FullCheck(route.Nodes, route.Vehicle)))
                return $"route of vehicle {route.Vehicle} is late or overloaded";
            for (var k = 1; k < route.Nodes.Count - 1; k++)
            {
                var node = route.Nodes[k];
                var r = _context.RequestOf[node];
                if (r < 0 || seen[node]) return $"node {node} is not a request stop or is visited twice";
                seen[node] = true;
                if (!_context.IsAllowed(r, route.Vehicle)) return $"request {r} is not allowed on vehicle {route.Vehicle}";
                var req = problem.Requests[r];
                var p = route.Nodes.IndexOf(req.Pickup);
                var d = route.Nodes.IndexOf(req.Delivery);
                if (p < 0 || d < 0 || p > d) return $"request {r} is split or delivered before its pickup";
            }
        }

        return null;
    }
}

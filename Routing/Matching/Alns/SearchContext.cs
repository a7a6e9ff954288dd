using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Alns;

/// <summary>What every step of the search reads about the problem: node roles, allowed vehicles and scratch space.</summary>
internal sealed class SearchContext
{
    private readonly bool[][] _allowed;
    private readonly List<int> _scratch = [];
    private readonly long[] _times;

    public SearchContext(PdptwProblem problem)
    {
        Problem = problem;
        var n = problem.NodeCount;
        MaxRide = new long[n];
        Array.Fill(MaxRide, long.MaxValue);
        PickupOf = new int[n];
        Array.Fill(PickupOf, -1);
        RequestOf = new int[n];
        Array.Fill(RequestOf, -1);
        _times = new long[n];
        _allowed = new bool[problem.Requests.Count][];
        for (var i = 0; i < problem.Requests.Count; i++)
        {
            var r = problem.Requests[i];
            MaxRide[r.Delivery] = r.MaxRideTime;
            PickupOf[r.Delivery] = r.Pickup;
            RequestOf[r.Pickup] = RequestOf[r.Delivery] = i;
            _allowed[i] = new bool[problem.Vehicles.Count];
            if (r.AllowedVehicles is { } allowed) foreach (var v in allowed) _allowed[i][v] = true;
            else Array.Fill(_allowed[i], true);
            HasRouteWideLimits |= r.MaxRideTime < problem.Horizon;
        }

        foreach (var v in problem.Vehicles) HasRouteWideLimits |= v.MaxSpan < problem.Horizon;
        MaxCost = 1;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++) MaxCost = Math.Max(MaxCost, problem.Cost(i, j));
        }
    }

    public PdptwProblem Problem { get; }
    public long[] MaxRide { get; }
    public int[] PickupOf { get; }

    /// <summary>For each node, the request it belongs to, or -1 (vehicle starts and ends).</summary>
    public int[] RequestOf { get; }

    /// <summary>Ride-time or span limits exist: the time-slack test is then necessary but not sufficient.</summary>
    public bool HasRouteWideLimits { get; }

    public long MaxCost { get; }

    public bool IsAllowed(int request, int vehicle) => _allowed[request][vehicle];

    /// <summary>Full simulation of a route with a pair inserted (ride times, span): the greedy construction's rules.</summary>
    public bool FullCheck(List<int> route, int pickup, int delivery, int afterPickup, int afterDelivery, int vehicle)
    {
        _scratch.Clear();
        _scratch.AddRange(route);
        _scratch.Insert(afterDelivery + 1, delivery);
        _scratch.Insert(afterPickup + 1, pickup);
        return GreedyInsertion.Simulate(Problem, Problem.Vehicles[vehicle], _scratch, MaxRide, PickupOf, _times);
    }

    /// <summary>Full simulation of a route as it stands.</summary>
    public bool FullCheck(List<int> route, int vehicle) =>
        GreedyInsertion.Simulate(Problem, Problem.Vehicles[vehicle], route, MaxRide, PickupOf, _times);
}

using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Carpool;

/// <summary>
/// One sub-problem as a multi-depot PDPTW in seconds: two nodes per driver (origin, destination: the driver's own
/// depots), two per request (pickup, dropoff). Detour budgets become route span bounds, seats capacities, and each
/// request may only ride with its candidate drivers of this part.
/// </summary>
internal sealed class CarpoolPart
{
    /// <summary>Penalty of an unserved request, in seconds of driving: serving one more rider always wins.</summary>
    private const long DropPenalty = 10_000_000;

    private readonly CarpoolTimeline _t;
    private readonly List<GeoPoint> _positions = [];
    private readonly Dictionary<int, (int Request, StopKind Kind)> _requestOfNode = [];

    public CarpoolPart(CarpoolTimeline t, List<Candidate>[] candidates, SubProblem part)
    {
        _t = t;
        Part = part;
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
            _positions.Add(o.Origin);
            nodes.Add(new PdptwNode(depE, depL, 0, 0));
            _positions.Add(o.Destination);
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

            // A per-request bound in the model: the tightest of its allowed drivers' limits (the checker applies the
            // actual driver's limit, which is never tighter).
            var ride = allowed.Min(d => t.RideLimit(r, d));
            _requestOfNode[nodes.Count] = (r, StopKind.Pickup);
            _requestOfNode[nodes.Count + 1] = (r, StopKind.Dropoff);
            requests.Add(new PdptwRequest(nodes.Count, nodes.Count + 1, DropPenalty, ride, allowed.Select(d => localOffer[d]).ToArray()));
            _positions.Add(q.Pickup);
            nodes.Add(new PdptwNode(pE, pL, t.Boarding, q.Riders));
            _positions.Add(q.Dropoff);
            nodes.Add(new PdptwNode(pE, dL, t.Boarding, -q.Riders));
            horizon = Math.Max(horizon, dL + t.Boarding + 1);
        }

        var n = nodes.Count;
        var travel = new long[n * n];
        long longest = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var s = i == j ? 0 : t.Model.Seconds(_positions[i], _positions[j]);
                travel[(i * n) + j] = s;
                longest = Math.Max(longest, s);
            }
        }

        Problem = new PdptwProblem(nodes, vehicles, requests, travel, null, horizon + longest);
    }

    public SubProblem Part { get; }
    public PdptwProblem Problem { get; }

    /// <summary>The solution's routes as initial routes (node ids between start and end) for a further search.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Routes(PdptwSolution solution) =>
        solution.Routes.Select(r => (IReadOnlyList<int>)r.Stops.Select(s => s.Node).ToArray()).ToArray();

    public void Collect(PdptwSolution solution, ICollection<DriverPlan> plans, ICollection<UnservedRequest> unserved)
    {
        foreach (var i in solution.DroppedRequests)
            unserved.Add(new UnservedRequest(_t.Requests[Part.Requests[i]].Id, "dropped: its candidate drivers' seats, schedules or detour budgets went to other riders"));

        foreach (var route in solution.Routes)
        {
            var d = Part.Offers[route.Vehicle];
            var stops = route.Stops
                .Select(v => (Info: _requestOfNode[v.Node], v.Time, v.Node))
                .Select(x => new PlannedStop(_t.Requests[x.Info.Request].Id, x.Info.Kind, _positions[x.Node], _t.At(x.Time)))
                .ToList();
            plans.Add(new DriverPlan(_t.Offers[d].Id, _t.At(route.Visits[0].Time), stops, _t.At(route.Visits[^1].Time), TimeSpan.FromSeconds(_t.DirectOffer[d])));
        }
    }

    public void ReportAll(string reason, ICollection<UnservedRequest> unserved)
    {
        foreach (var r in Part.Requests) unserved.Add(new UnservedRequest(_t.Requests[r].Id, reason));
    }
}

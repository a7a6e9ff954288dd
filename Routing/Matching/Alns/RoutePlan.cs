using Mobility.Routing.Matching.Pdptw;

namespace Mobility.Routing.Matching.Alns;

/// <summary>
/// One vehicle's route during the search: its nodes from start to end and, per position, the earliest service start
/// (forward pass, waiting allowed), the latest service start that keeps the rest of the route on time (backward pass)
/// and the load after the stop. With both passes an insertion is checked in constant time per position
/// (Savelsbergh's forward time slack, 1992), so a request's cheapest insertion costs O(length²) at worst.
/// </summary>
internal sealed partial class RoutePlan
{
    private readonly SearchContext _context;
    private readonly PdptwProblem _problem;
    private long[] _earliest = new long[8];
    private long[] _latest = new long[8];
    private int[] _load = new int[8];

    public RoutePlan(SearchContext context, int vehicle, IEnumerable<int> stops)
    {
        _context = context;
        _problem = context.Problem;
        var problem = _problem;
        Vehicle = vehicle;
        var v = problem.Vehicles[vehicle];
        Nodes = [v.Start, .. stops, v.End];
        Refresh();
    }

    public int Vehicle { get; }

    /// <summary>Start node, stops, end node.</summary>
    public List<int> Nodes { get; }

    /// <summary>Arc costs of the route (the fixed cost is not included).</summary>
    public long ArcCost { get; private set; }

    /// <summary>Whether the forward pass met every window and the capacity (always true for routes the search builds).</summary>
    public bool OnTime { get; private set; }

    public bool IsUsed => Nodes.Count > 2;

    /// <summary>Earliest service start at a position.</summary>
    public long TimeAt(int position) => _earliest[position];

    public void CopyFrom(RoutePlan other)
    {
        Nodes.Clear();
        Nodes.AddRange(other.Nodes);
        Refresh();
    }

    public void Insert(int pickup, int delivery, int afterPickup, int afterDelivery)
    {
        // Positions are in the route before the insertion; the delivery goes after the pickup when they coincide.
        Nodes.Insert(afterDelivery + 1, delivery);
        Nodes.Insert(afterPickup + 1, pickup);
        Refresh();
    }

    public void RemovePair(int pickup, int delivery)
    {
        Nodes.Remove(pickup);
        Nodes.Remove(delivery);
        Refresh();
    }

    /// <summary>Arc cost saved by taking a pickup and its delivery out of the route.</summary>
    public long RemovalSaving(int pickup, int delivery)
    {
        var p = Nodes.IndexOf(pickup);
        var d = Nodes.IndexOf(delivery);
        var pr = _problem;
        if (Nodes.Count == 4) return ArcCost + pr.Vehicles[Vehicle].FixedCost;
        if (d == p + 1)
            return pr.Cost(Nodes[p - 1], pickup) + pr.Cost(pickup, delivery) + pr.Cost(delivery, Nodes[d + 1]) - pr.Cost(Nodes[p - 1], Nodes[d + 1]);
        return pr.Cost(Nodes[p - 1], pickup) + pr.Cost(pickup, Nodes[p + 1]) - pr.Cost(Nodes[p - 1], Nodes[p + 1]) +
               pr.Cost(Nodes[d - 1], delivery) + pr.Cost(delivery, Nodes[d + 1]) - pr.Cost(Nodes[d - 1], Nodes[d + 1]);
    }

    /// <summary>Recomputes the schedule, the loads and the cost after a change.</summary>
    public void Refresh()
    {
        var count = Nodes.Count;
        if (_earliest.Length < count)
        {
            var size = Math.Max(count, _earliest.Length * 2);
            _earliest = new long[size];
            _latest = new long[size];
            _load = new int[size];
        }

        var pr = _problem;
        var nodes = pr.Nodes;
        var capacity = pr.Vehicles[Vehicle].Capacity;
        var onTime = true;
        long cost = 0;
        _earliest[0] = nodes[Nodes[0]].Earliest;
        _load[0] = 0;
        for (var k = 1; k < count; k++)
        {
            int prev = Nodes[k - 1], node = Nodes[k];
            _earliest[k] = Math.Max(_earliest[k - 1] + nodes[prev].Service + pr.Travel(prev, node), nodes[node].Earliest);
            _load[k] = _load[k - 1] + nodes[node].Demand;
            onTime &= _earliest[k] <= nodes[node].Latest && _load[k] <= capacity;
            cost += pr.Cost(prev, node);
        }

        _latest[count - 1] = nodes[Nodes[count - 1]].Latest;
        for (var k = count - 2; k >= 0; k--)
        {
            int node = Nodes[k], next = Nodes[k + 1];
            _latest[k] = Math.Min(nodes[node].Latest, _latest[k + 1] - nodes[node].Service - pr.Travel(node, next));
        }

        ArcCost = cost;
        OnTime = onTime;
    }
}

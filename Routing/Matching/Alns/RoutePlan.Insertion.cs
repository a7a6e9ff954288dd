namespace Mobility.Routing.Matching.Alns;

/// <summary>The cheapest feasible place for a request in one route: the pickup after one position, the delivery after
/// the same or a later one (positions in the route before the insertion).</summary>
internal readonly record struct Insertion(long Cost, int AfterPickup, int AfterDelivery)
{
    public static readonly Insertion None = new(long.MaxValue, -1, -1);

    public bool Exists => AfterPickup >= 0;
}

internal sealed partial class RoutePlan
{
    /// <summary>
    /// Cheapest insertion of a request, in added arc cost plus the vehicle's fixed cost when the route is empty. For
    /// each pickup place the shifted times are carried forward once and each delivery place after it is tested
    /// against the latest start of the node that follows; a late or overloaded node ends the scan, since every later
    /// delivery place keeps it late or overloaded.
    /// </summary>
    public Insertion Cheapest(int request)
    {
        var pr = _problem;
        if (!_context.IsAllowed(request, Vehicle)) return Insertion.None;
        var req = pr.Requests[request];
        int pk = req.Pickup, dl = req.Delivery;
        var nodes = pr.Nodes;
        var pNode = nodes[pk];
        var dNode = nodes[dl];
        var capacity = pr.Vehicles[Vehicle].Capacity;
        var route = Nodes;
        var last = route.Count - 1;
        var best = Insertion.None;
        // An unused vehicle costs nothing, not even the arc from its start to its end (distinct places in carpool).
        var opening = IsUsed ? 0 : pr.Vehicles[Vehicle].FixedCost + pr.Cost(route[0], route[last]);

        for (var i = 0; i < last; i++)
        {
            int a = route[i], b = route[i + 1];

            // Service starts never decrease along a route: past the pickup's closing, no later place can serve it.
            if (_earliest[i] > pNode.Latest) break;
            if (_load[i] + pNode.Demand > capacity) continue;
            var tp = Math.Max(_earliest[i] + nodes[a].Service + pr.Travel(a, pk), pNode.Earliest);
            if (tp > pNode.Latest) continue;
            var pickupCost = pr.Cost(a, pk) + pr.Cost(pk, b) - pr.Cost(a, b) + opening;

            // The delivery right after the pickup.
            var td = Math.Max(tp + pNode.Service + pr.Travel(pk, dl), dNode.Earliest);
            if (td <= dNode.Latest && Math.Max(td + dNode.Service + pr.Travel(dl, b), nodes[b].Earliest) <= _latest[i + 1])
            {
                var cost = pr.Cost(a, pk) + pr.Cost(pk, dl) + pr.Cost(dl, b) - pr.Cost(a, b) + opening;
                Consider(ref best, cost, i, i, pk, dl);
            }

            // The delivery after a later node j: node j's shifted time t is carried forward.
            var t = Math.Max(tp + pNode.Service + pr.Travel(pk, b), nodes[b].Earliest);
            for (var j = i + 1; j < last; j++)
            {
                int c = route[j], e = route[j + 1];
                if (t > nodes[c].Latest || t > dNode.Latest || _load[j] + pNode.Demand > capacity) break;
                td = Math.Max(t + nodes[c].Service + pr.Travel(c, dl), dNode.Earliest);
                if (td <= dNode.Latest && Math.Max(td + dNode.Service + pr.Travel(dl, e), nodes[e].Earliest) <= _latest[j + 1])
                {
                    var cost = pickupCost + pr.Cost(c, dl) + pr.Cost(dl, e) - pr.Cost(c, e);
                    Consider(ref best, cost, i, j, pk, dl);
                }

                t = Math.Max(t + nodes[c].Service + pr.Travel(c, e), nodes[e].Earliest);
            }
        }

        return best;
    }

    private void Consider(ref Insertion best, long cost, int afterPickup, int afterDelivery, int pickup, int delivery)
    {
        if (cost >= best.Cost) return;
        if (_context.HasRouteWideLimits && !_context.FullCheck(Nodes, pickup, delivery, afterPickup, afterDelivery, Vehicle)) return;
        best = new Insertion(cost, afterPickup, afterDelivery);
    }
}

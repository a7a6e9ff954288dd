namespace Mobility.Routing.Matching.Alns;

/// <summary>The destroy operators of Ropke &amp; Pisinger (2006), section 4.1: random, worst and related (Shaw) removal.</summary>
internal enum RemovalKind
{
    Random,
    Worst,
    Related,
}

internal static class Removal
{
    // Randomisation exponents of the paper (p_worst = 3, p = 6): a draw y^p of a uniform y favours the head of the list.
    private const double WorstExponent = 3;
    private const double RelatedExponent = 6;

    public static void Apply(RemovalKind kind, SearchState state, SearchContext context, int count, Random random)
    {
        var served = Served(state, context);
        count = Math.Min(count, served.Count);
        if (count <= 0) return;
        switch (kind)
        {
            case RemovalKind.Worst:
                Worst(state, context, served, count, random);
                break;
            case RemovalKind.Related:
                Related(state, context, served, count, random);
                break;
            default:
                for (var k = 0; k < count; k++)
                {
                    var at = random.Next(served.Count);
                    state.Remove(served[at]);
                    served.RemoveAt(at);
                }

                break;
        }
    }

    private static List<int> Served(SearchState state, SearchContext context)
    {
        var served = new List<int>();
        foreach (var route in state.Routes)
        {
            foreach (var node in route.Nodes)
            {
                var r = context.RequestOf[node];
                if (r >= 0 && context.Problem.Requests[r].Pickup == node) served.Add(r);
            }
        }

        return served;
    }

    /// <summary>Requests whose removal saves the most arc cost, re-ranked after each removal.</summary>
    private static void Worst(SearchState state, SearchContext context, List<int> served, int count, Random random)
    {
        var requests = context.Problem.Requests;
        for (var k = 0; k < count; k++)
        {
            var ranked = served
                .Select(r => (Request: r, Saving: state.Routes[state.RouteOf(r)].RemovalSaving(requests[r].Pickup, requests[r].Delivery)))
                .OrderByDescending(x => x.Saving)
                .ToList();
            var pick = ranked[(int)(Math.Pow(random.NextDouble(), WorstExponent) * ranked.Count)].Request;
            state.Remove(pick);
            served.Remove(pick);
        }
    }

    /// <summary>
    /// Requests close in space, in time and in size to one already removed (relatedness of the paper with weights
    /// 9, 3 and 2, each term normalised by its largest value).
    /// </summary>
    private static void Related(SearchState state, SearchContext context, List<int> served, int count, Random random)
    {
        var problem = context.Problem;
        var times = new long[problem.NodeCount];
        foreach (var route in state.Routes)
        {
            for (var k = 0; k < route.Nodes.Count; k++) times[route.Nodes[k]] = route.TimeAt(k);
        }

        var maxDemand = Math.Max(1, problem.Requests.Max(r => Math.Abs(problem.Nodes[r.Pickup].Demand)));
        double Relatedness(int a, int b)
        {
            var ra = problem.Requests[a];
            var rb = problem.Requests[b];
            var distance = (double)(problem.Cost(ra.Pickup, rb.Pickup) + problem.Cost(ra.Delivery, rb.Delivery)) / context.MaxCost;
            var time = (double)(Math.Abs(times[ra.Pickup] - times[rb.Pickup]) + Math.Abs(times[ra.Delivery] - times[rb.Delivery])) / problem.Horizon;
            var load = (double)Math.Abs(problem.Nodes[ra.Pickup].Demand - problem.Nodes[rb.Pickup].Demand) / maxDemand;
            return (9 * distance) + (3 * time) + (2 * load);
        }

        var removed = new List<int> { served[random.Next(served.Count)] };
        served.Remove(removed[0]);
        while (removed.Count < count)
        {
            var seed = removed[random.Next(removed.Count)];
            var ranked = served.OrderBy(r => Relatedness(seed, r)).ToList();
            var pick = ranked[(int)(Math.Pow(random.NextDouble(), RelatedExponent) * ranked.Count)];
            removed.Add(pick);
            served.Remove(pick);
        }

        foreach (var r in removed) state.Remove(r);
    }
}

namespace Mobility.Routing.Matching.Alns;

/// <summary>
/// The repair operators of Ropke &amp; Pisinger (2006), section 4.2: regret-k insertion (k = 1 is the basic greedy
/// insertion). The request inserted next is the one that would lose most by waiting, the sum of the differences
/// between its best place and its k-1 next best places in other routes; a request with fewer than k feasible routes
/// counts the missing ones as very expensive, so the hardest go first. Insertion costs are cached per route and only
/// the route that changed is evaluated again. Optional noise (section 5.2) perturbs the costs that rank the choices.
/// </summary>
internal static class RegretInsertion
{
    /// <summary>Noise amplitude, as a share of the largest arc cost (the paper's eta = 0.025).</summary>
    private const double NoiseShare = 0.025;

    public static void Apply(SearchState state, SearchContext context, int regret, bool noise, Random random)
    {
        var routes = state.Routes;
        var pending = state.Unassigned;
        if (pending.Count == 0) return;
        var amplitude = noise ? NoiseShare * context.MaxCost : 0;
        var missing = 1000.0 * context.MaxCost * context.Problem.Requests.Count;
        var places = new Insertion[pending.Count][];
        var ranked = new double[pending.Count][];
        for (var u = 0; u < pending.Count; u++)
        {
            places[u] = new Insertion[routes.Length];
            ranked[u] = new double[routes.Length];
            for (var v = 0; v < routes.Length; v++) Evaluate(u, v);
        }

        void Evaluate(int u, int v)
        {
            var place = routes[v].Cheapest(pending[u]);
            places[u][v] = place;
            ranked[u][v] = place.Exists ? place.Cost + (amplitude * ((2 * random.NextDouble()) - 1)) : double.PositiveInfinity;
        }

        var scratch = new double[routes.Length];
        while (pending.Count > 0)
        {
            var (bestU, bestV, bestScore, bestFirst) = (-1, -1, double.NegativeInfinity, double.PositiveInfinity);
            for (var u = 0; u < pending.Count; u++)
            {
                ranked[u].CopyTo(scratch, 0);
                Array.Sort(scratch);
                if (double.IsPositiveInfinity(scratch[0])) continue;
                var score = 0.0;
                for (var h = 1; h < regret; h++) score += (h < scratch.Length && !double.IsPositiveInfinity(scratch[h]) ? scratch[h] : missing) - scratch[0];
                if (score > bestScore || (score == bestScore && scratch[0] < bestFirst))
                {
                    (bestU, bestScore, bestFirst) = (u, score, scratch[0]);
                    bestV = Array.IndexOf(ranked[u], scratch[0]);
                }
            }

            if (bestU < 0) return;
            var request = context.Problem.Requests[pending[bestU]];
            var chosen = places[bestU][bestV];
            routes[bestV].Insert(request.Pickup, request.Delivery, chosen.AfterPickup, chosen.AfterDelivery);
            // Swap-remove keeps the pending list and the caches aligned.
            pending[bestU] = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            (places[bestU], places[^1]) = (places[^1], places[bestU]);
            (ranked[bestU], ranked[^1]) = (ranked[^1], ranked[bestU]);
            Array.Resize(ref places, pending.Count);
            Array.Resize(ref ranked, pending.Count);
            for (var u = 0; u < pending.Count; u++) Evaluate(u, bestV);
        }
    }
}

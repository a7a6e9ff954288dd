namespace Mobility.Routing.Matching.Carpool;

/// <summary>Drivers and requests solved together; requests may only use the listed drivers.</summary>
internal sealed record SubProblem(IReadOnlyList<int> Offers, IReadOnlyList<int> Requests)
{
    public int Size => Offers.Count + Requests.Count;
}

/// <summary>
/// Cuts the driver-request candidate graph into bounded sub-problems, Kruskal style: candidate edges are taken
/// cheapest first and merge their two components only while the result stays under the size cap. A request left
/// alone joins the component of its best driver (up to twice the cap), otherwise it is reported unserved.
/// </summary>
internal static class SubProblemPartitioner
{
    public static (List<SubProblem> Parts, List<int> Orphans) Partition(int offerCount, List<Candidate>[] candidates, int cap)
    {
        var requestCount = candidates.Length;
        var parent = Enumerable.Range(0, offerCount + requestCount).ToArray();
        var size = Enumerable.Repeat(1, offerCount + requestCount).ToArray();

        int Find(int x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        bool Union(int a, int b, int limit)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (ra == rb) return true;
            if (size[ra] + size[rb] > limit) return false;
            if (size[ra] < size[rb]) (ra, rb) = (rb, ra);
            parent[rb] = ra;
            size[ra] += size[rb];
            return true;
        }

        var edges = candidates.SelectMany(c => c).OrderBy(c => c.AddedSeconds).ToArray();
        foreach (var e in edges) Union(e.Offer, offerCount + e.Request, cap);

        var orphans = new List<int>();
        var orphan = new bool[requestCount];
        for (var r = 0; r < requestCount; r++)
        {
            if (candidates[r].Count == 0 || size[Find(offerCount + r)] > 1) continue;
            if (candidates[r].Any(c => Union(c.Offer, offerCount + r, 2 * cap))) continue;
            orphans.Add(r);
            orphan[r] = true;
        }

        var byRoot = new Dictionary<int, (List<int> Offers, List<int> Requests)>();
        (List<int> Offers, List<int> Requests) Group(int root)
        {
            if (!byRoot.TryGetValue(root, out var g)) byRoot[root] = g = ([], []);
            return g;
        }

        for (var d = 0; d < offerCount; d++) Group(Find(d)).Offers.Add(d);
        for (var r = 0; r < requestCount; r++)
        {
            if (candidates[r].Count > 0 && !orphan[r]) Group(Find(offerCount + r)).Requests.Add(r);
        }

        var parts = byRoot.Values
            .Where(g => g.Offers.Count > 0 && g.Requests.Count > 0)
            .Select(g => new SubProblem(g.Offers, g.Requests))
            .OrderByDescending(p => p.Size)
            .ToList();
        return (parts, orphans);
    }
}

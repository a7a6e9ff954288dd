namespace Mobility.Routing.Street.Graph;

/// <summary>
/// Builds the directed graph of one profile from the shared geometry. Turn restrictions (car) are applied by node
/// splitting: a restricted via node v gets one copy per incoming edge e, every edge into v is redirected to its own
/// copy, and the copy of e gets only the out-edges of v that the restrictions allow after e. The result is an
/// ordinary graph, so Dijkstra, bidirectional Dijkstra and contraction hierarchies all see the same restrictions.
/// </summary>
internal static class ProfileGraphBuilder
{
    public static ProfileGraph Build(
        StreetGeometry geometry, StreetProfile profile, IReadOnlyList<TurnRestriction> restrictions, double mainShare, int signalMs, out int applied, out int skipped)
    {
        var tail = new List<int>();
        var head = new List<int>();
        var weight = new List<int>();
        var geoDir = new List<int>();
        for (var g = 0; g < geometry.EdgeCount; g++)
        {
            var access = geometry.WayAccess[geometry.EdgeWay[g]][profile];
            if (!access.Any)
            {
                continue;
            }

            var ms = Math.Max(1, (int)Math.Round(geometry.EdgeLength[g] / access.SpeedMps * 1000));
            if (access.Forward)
            {
                tail.Add(geometry.EdgeFrom[g]);
                head.Add(geometry.EdgeTo[g]);
                weight.Add(ms + Signal(geometry.EdgeTo[g]));
                geoDir.Add(2 * g);
            }

            if (access.Backward)
            {
                tail.Add(geometry.EdgeTo[g]);
                head.Add(geometry.EdgeFrom[g]);
                weight.Add(ms + Signal(geometry.EdgeFrom[g]));
                geoDir.Add((2 * g) + 1);
            }
        }

        var nodeCount = geometry.NodeCount;
        var streetNode = Enumerable.Range(0, nodeCount).ToList();
        applied = 0;
        skipped = 0;
        if (restrictions.Count > 0)
        {
            (applied, skipped) = Split(geometry, restrictions, tail, head, weight, geoDir, streetNode);
        }

        return Assemble(profile, mainShare, geometry.EdgeLength, [.. streetNode], [.. tail], [.. head], [.. weight], [.. geoDir]);

        // The delay of a signal falls on the edges entering it: once per signal passed, none where a trip starts.
        int Signal(int node) => signalMs > 0 && node < geometry.NodeSignal.Length && geometry.NodeSignal[node] ? signalMs : 0;
    }

    private static (int Applied, int Skipped) Split(
        StreetGeometry geometry, IReadOnlyList<TurnRestriction> restrictions,
        List<int> tail, List<int> head, List<int> weight, List<int> geoDir, List<int> streetNode)
    {
        var osmToStreet = new Dictionary<long, int>();
        var viaOsm = restrictions.Select(r => r.ViaNode).ToHashSet();
        for (var n = 0; n < geometry.NodeCount; n++)
        {
            if (viaOsm.Contains(geometry.NodeOsmId[n]))
            {
                osmToStreet[geometry.NodeOsmId[n]] = n;
            }
        }

        long WayOf(int e) => geometry.WayIds[geometry.EdgeWay[geoDir[e] >> 1]];

        var inEdges = new Dictionary<int, List<int>>();
        var outEdges = new Dictionary<int, List<int>>();
        foreach (var via in osmToStreet.Values)
        {
            inEdges[via] = [];
            outEdges[via] = [];
        }

        for (var e = 0; e < tail.Count; e++)
        {
            if (inEdges.TryGetValue(head[e], out var list))
            {
                list.Add(e);
            }

            if (outEdges.TryGetValue(tail[e], out list))
            {
                list.Add(e);
            }
        }

        // Allowed out-edges per restricted in-edge; an in-edge without restrictions keeps every out-edge.
        var allowed = new Dictionary<int, HashSet<int>>();
        var applied = 0;
        var skipped = 0;
        foreach (var r in restrictions)
        {
            if (!osmToStreet.TryGetValue(r.ViaNode, out var via) || inEdges[via].Count == 0)
            {
                skipped++;
                continue;
            }

            var froms = inEdges[via].Where(e => WayOf(e) == r.FromWay).ToList();
            var tos = outEdges[via].Where(e => WayOf(e) == r.ToWay).ToList();
            if (froms.Count == 0 || tos.Count == 0)
            {
                skipped++;
                continue;
            }

            applied++;
            foreach (var f in froms)
            {
                if (!allowed.TryGetValue(f, out var set))
                {
                    set = [.. outEdges[via]];
                    allowed[f] = set;
                }

                if (r.Kind == Street.TurnRestrictionKind.No)
                {
                    set.ExceptWith(tos);
                }
                else
                {
                    set.IntersectWith(tos);
                }
            }
        }

        // Only junctions where some restriction applied are split.
        var splitVias = allowed.Keys.Select(e => head[e]).ToHashSet();
        var copyOf = new Dictionary<int, int>();
        foreach (var via in splitVias)
        {
            foreach (var e in inEdges[via])
            {
                copyOf[e] = streetNode.Count;
                streetNode.Add(via);
            }
        }

        int FinalHead(int e) => copyOf.TryGetValue(e, out var copy) ? copy : head[e];

        var originalCount = tail.Count;
        var newTail = new List<int>(originalCount);
        var newHead = new List<int>(originalCount);
        var newWeight = new List<int>(originalCount);
        var newGeo = new List<int>(originalCount);
        for (var e = 0; e < originalCount; e++)
        {
            if (!splitVias.Contains(tail[e]))
            {
                newTail.Add(tail[e]);
                newHead.Add(FinalHead(e));
                newWeight.Add(weight[e]);
                newGeo.Add(geoDir[e]);
            }
        }

        foreach (var via in splitVias)
        {
            foreach (var e in inEdges[via])
            {
                IEnumerable<int> outs = allowed.TryGetValue(e, out var set) ? set : outEdges[via];
                foreach (var o in outs.Order())
                {
                    newTail.Add(copyOf[e]);
                    newHead.Add(FinalHead(o));
                    newWeight.Add(weight[o]);
                    newGeo.Add(geoDir[o]);
                }
            }
        }

        tail.Clear();
        tail.AddRange(newTail);
        head.Clear();
        head.AddRange(newHead);
        weight.Clear();
        weight.AddRange(newWeight);
        geoDir.Clear();
        geoDir.AddRange(newGeo);
        return (applied, skipped);
    }

    private static ProfileGraph Assemble(
        StreetProfile profile, double mainShare, float[] geoLength, int[] streetNode, int[] tail, int[] head, int[] weight, int[] geoDir)
    {
        var n = streetNode.Length;
        var m = tail.Length;
        var firstOut = new int[n + 1];
        foreach (var t in tail)
        {
            firstOut[t + 1]++;
        }

        for (var i = 0; i < n; i++)
        {
            firstOut[i + 1] += firstOut[i];
        }

        var fill = (int[])firstOut.Clone();
        var order = new int[m];
        for (var e = 0; e < m; e++)
        {
            order[fill[tail[e]]++] = e;
        }

        var sTail = new int[m];
        var sHead = new int[m];
        var sWeight = new int[m];
        var sGeo = new int[m];
        for (var i = 0; i < m; i++)
        {
            var e = order[i];
            sTail[i] = tail[e];
            sHead[i] = head[e];
            sWeight[i] = weight[e];
            sGeo[i] = geoDir[e];
        }

        var firstIn = Offsets(sHead, n);
        var inEdge = new int[m];
        fill = (int[])firstIn.Clone();
        for (var e = 0; e < m; e++)
        {
            inEdge[fill[sHead[e]]++] = e;
        }

        var geoKeys = new int[m];
        for (var e = 0; e < m; e++)
        {
            geoKeys[e] = sGeo[e] >> 1;
        }

        var geoFirst = Offsets(geoKeys, geoLength.Length);
        var geoEdges = new int[m];
        fill = (int[])geoFirst.Clone();
        for (var e = 0; e < m; e++)
        {
            geoEdges[fill[geoKeys[e]]++] = e;
        }

        var inMain = StronglyConnected.MainComponents(n, firstOut, sHead, mainShare, out var component);
        return new ProfileGraph
        {
            Profile = profile,
            NodeCount = n,
            StreetNode = streetNode,
            FirstOut = firstOut,
            Head = sHead,
            Tail = sTail,
            Weight = sWeight,
            GeoDir = sGeo,
            FirstIn = firstIn,
            InEdge = inEdge,
            GeoFirst = geoFirst,
            GeoEdges = geoEdges,
            GeoLength = geoLength,
            InMain = inMain,
            Component = component,
        };
    }

    private static int[] Offsets(int[] keys, int count)
    {
        var first = new int[count + 1];
        foreach (var k in keys)
        {
            first[k + 1]++;
        }

        for (var i = 0; i < count; i++)
        {
            first[i + 1] += first[i];
        }

        return first;
    }
}

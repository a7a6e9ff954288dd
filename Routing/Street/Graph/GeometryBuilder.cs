using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Street.Graph;

/// <summary>
/// Cuts ways into geometry edges at street nodes: nodes shared by several ways (or twice by one), way ends, the ends
/// of a run of nodes missing from an extract, and via nodes of turn restrictions. Other nodes become shape points.
/// </summary>
internal static class GeometryBuilder
{
    public static StreetGeometry Build(
        Dictionary<long, int> nodeIndex, int[] lat, int[] lon, long[] nodeIds, long[] wayRefs, int[] wayFirst,
        long[] wayIds, WayAccess[] wayAccess, IReadOnlyList<TurnRestriction> restrictions, IReadOnlySet<long> signals, out int missing)
    {
        // Resolve references once; -1 marks a node absent from the extract.
        var refs = new int[wayRefs.Length];
        missing = 0;
        for (var i = 0; i < wayRefs.Length; i++)
        {
            refs[i] = nodeIndex.TryGetValue(wayRefs[i], out var n) ? n : -1;
            if (refs[i] < 0)
            {
                missing++;
            }
        }

        var uses = new byte[lat.Length];
        var isStreetNode = new bool[lat.Length];
        for (var w = 0; w < wayIds.Length; w++)
        {
            var previous = -1;
            for (var i = wayFirst[w]; i < wayFirst[w + 1]; i++)
            {
                var n = refs[i];
                if (n < 0)
                {
                    if (previous >= 0)
                    {
                        isStreetNode[previous] = true;
                    }

                    previous = -1;
                    continue;
                }

                if (previous < 0 || i == wayFirst[w + 1] - 1)
                {
                    isStreetNode[n] = true;
                }

                if (n != previous && uses[n] < 2)
                {
                    uses[n]++;
                }

                previous = n;
            }
        }

        foreach (var r in restrictions)
        {
            if (nodeIndex.TryGetValue(r.ViaNode, out var via))
            {
                isStreetNode[via] = true;
            }
        }

        // A traffic signal on a way becomes a street node, so that its delay falls on the edges entering it.
        foreach (var id in signals)
        {
            if (nodeIndex.TryGetValue(id, out var signal) && uses[signal] > 0)
            {
                isStreetNode[signal] = true;
            }
        }

        var streetIndex = new int[lat.Length];
        var count = 0;
        for (var n = 0; n < lat.Length; n++)
        {
            streetIndex[n] = isStreetNode[n] || uses[n] >= 2 ? count++ : -1;
        }

        var nodeLat = new int[count];
        var nodeLon = new int[count];
        var nodeOsm = new long[count];
        var nodeSignal = new bool[count];
        for (var n = 0; n < lat.Length; n++)
        {
            if (streetIndex[n] >= 0)
            {
                nodeLat[streetIndex[n]] = lat[n];
                nodeLon[streetIndex[n]] = lon[n];
                nodeOsm[streetIndex[n]] = nodeIds[n];
                nodeSignal[streetIndex[n]] = signals.Contains(nodeIds[n]);
            }
        }

        var from = new List<int>();
        var to = new List<int>();
        var shapeFirst = new List<int> { 0 };
        var shapeLat = new List<int>();
        var shapeLon = new List<int>();
        var length = new List<float>();
        var edgeWay = new List<int>();
        for (var w = 0; w < wayIds.Length; w++)
        {
            var start = -1;
            var shapeMark = shapeLat.Count;
            var meters = 0.0;
            var previous = -1;
            for (var i = wayFirst[w]; i < wayFirst[w + 1]; i++)
            {
                var n = refs[i];
                if (n < 0 || n == previous)
                {
                    if (n < 0)
                    {
                        start = -1;
                        previous = -1;
                    }

                    continue;
                }

                if (previous >= 0)
                {
                    meters += GeoMath.HaversineFixed(lat[previous], lon[previous], lat[n], lon[n]);
                }

                previous = n;
                if (streetIndex[n] < 0)
                {
                    shapeLat.Add(lat[n]);
                    shapeLon.Add(lon[n]);
                    continue;
                }

                // A stretch that returns to its own start is a loop the searches cannot use; it is dropped.
                if (start >= 0 && streetIndex[n] != start)
                {
                    from.Add(start);
                    to.Add(streetIndex[n]);
                    length.Add((float)meters);
                    edgeWay.Add(w);
                    shapeFirst.Add(shapeLat.Count);
                }
                else
                {
                    shapeLat.RemoveRange(shapeMark, shapeLat.Count - shapeMark);
                    shapeLon.RemoveRange(shapeMark, shapeLon.Count - shapeMark);
                }

                start = streetIndex[n];
                shapeMark = shapeLat.Count;
                meters = 0;
            }

            shapeLat.RemoveRange(shapeMark, shapeLat.Count - shapeMark);
            shapeLon.RemoveRange(shapeMark, shapeLon.Count - shapeMark);
        }

        return new StreetGeometry
        {
            NodeLat = nodeLat,
            NodeLon = nodeLon,
            NodeOsmId = nodeOsm,
            NodeSignal = nodeSignal,
            EdgeFrom = [.. from],
            EdgeTo = [.. to],
            ShapeFirst = [.. shapeFirst],
            ShapeLat = [.. shapeLat],
            ShapeLon = [.. shapeLon],
            EdgeLength = [.. length],
            EdgeWay = [.. edgeWay],
            WayIds = wayIds,
            WayAccess = wayAccess,
        };
    }
}

using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Search;

/// <summary>Builds the <see cref="StreetPath"/> of a search result: node sequence, geometry and length.</summary>
internal static class PathBuilder
{
    public static StreetPath Build(
        StreetNetwork network, ProfileGraph graph, StreetSnap from, StreetSnap to, int cost, int firstSeed, List<int> edges, int lastSeed)
    {
        var geometry = network.Geometry;
        var coordinates = new List<GeoCoordinate>();
        var nodes = new List<int>();
        var meters = 0.0;
        if (firstSeed >= 0)
        {
            var along = StreetRouter.AlongFromTail(graph, firstSeed, from.Fraction);
            AppendSlice(geometry, graph.GeoDir[firstSeed], along, 1, coordinates);
            meters += (1 - along) * graph.GeoLength[graph.GeoDir[firstSeed] >> 1];
            nodes.Add(graph.StreetNode[graph.Head[firstSeed]]);
        }

        foreach (var e in edges)
        {
            if (nodes.Count == 0)
            {
                nodes.Add(graph.StreetNode[graph.Tail[e]]);
            }

            nodes.Add(graph.StreetNode[graph.Head[e]]);
            AppendSlice(geometry, graph.GeoDir[e], 0, 1, coordinates);
            meters += graph.GeoLength[graph.GeoDir[e] >> 1];
        }

        if (lastSeed >= 0)
        {
            if (nodes.Count == 0)
            {
                nodes.Add(graph.StreetNode[graph.Tail[lastSeed]]);
            }

            var along = StreetRouter.AlongFromTail(graph, lastSeed, to.Fraction);
            AppendSlice(geometry, graph.GeoDir[lastSeed], 0, along, coordinates);
            meters += along * graph.GeoLength[graph.GeoDir[lastSeed] >> 1];
        }

        if (coordinates.Count == 0)
        {
            // Both points stand on one junction, reached from different edges: a path of no length.
            coordinates.Add(from.Point);
            coordinates.Add(to.Point);
        }

        return new StreetPath(from.Profile, TimeSpan.FromMilliseconds(cost), meters, nodes, coordinates);
    }

    public static StreetPath Direct(StreetNetwork network, ProfileGraph graph, StreetSnap from, StreetSnap to, int cost, int edge)
    {
        var coordinates = new List<GeoCoordinate>();
        var a = StreetRouter.AlongFromTail(graph, edge, from.Fraction);
        var b = StreetRouter.AlongFromTail(graph, edge, to.Fraction);
        AppendSlice(network.Geometry, graph.GeoDir[edge], a, b, coordinates);
        var meters = (b - a) * graph.GeoLength[graph.GeoDir[edge] >> 1];
        return new StreetPath(from.Profile, TimeSpan.FromMilliseconds(cost), meters, [], coordinates);
    }

    /// <summary>Appends the part of a geometry edge between two fractions of its length, in travel direction.</summary>
    private static void AppendSlice(StreetGeometry geometry, int geoDir, double fromAlong, double toAlong, List<GeoCoordinate> output)
    {
        var lat = new List<int>();
        var lon = new List<int>();
        geometry.Points(geoDir >> 1, (geoDir & 1) == 1, lat, lon);
        var cos = Math.Cos(lat[0] / GeoCoordinate.FixedScale * Math.PI / 180);
        var cumulative = new double[lat.Count];
        for (var i = 1; i < lat.Count; i++)
        {
            var dx = (lon[i] - lon[i - 1]) * cos;
            var dy = lat[i] - lat[i - 1];
            cumulative[i] = cumulative[i - 1] + Math.Sqrt((dx * dx) + (dy * dy));
        }

        var total = cumulative[^1];
        var start = fromAlong * total;
        var end = toAlong * total;
        Add(At(start));
        for (var i = 1; i + 1 < lat.Count; i++)
        {
            if (cumulative[i] > start && cumulative[i] < end)
            {
                Add(GeoCoordinate.FromFixed(lat[i], lon[i]));
            }
        }

        Add(At(end));

        GeoCoordinate At(double distance)
        {
            for (var i = 1; i < lat.Count; i++)
            {
                if (distance <= cumulative[i] || i == lat.Count - 1)
                {
                    var piece = cumulative[i] - cumulative[i - 1];
                    var t = piece <= 0 ? 0 : Math.Clamp((distance - cumulative[i - 1]) / piece, 0, 1);
                    return new GeoCoordinate(
                        (lat[i - 1] + (t * (lat[i] - lat[i - 1]))) / GeoCoordinate.FixedScale,
                        (lon[i - 1] + (t * (lon[i] - lon[i - 1]))) / GeoCoordinate.FixedScale);
                }
            }

            return GeoCoordinate.FromFixed(lat[0], lon[0]);
        }

        void Add(GeoCoordinate point)
        {
            if (output.Count == 0 || output[^1] != point)
            {
                output.Add(point);
            }
        }
    }
}

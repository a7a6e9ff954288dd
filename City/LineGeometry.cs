namespace Mobility.City;

/// <summary>
/// The street path of a line in direction 0 (increasing grid position): every intersection and shape node between
/// its first and last stop, with cumulative distances. GTFS shapes.txt is this path, so a shape follows the OSM ways.
/// </summary>
internal sealed class LineGeometry
{
    private LineGeometry(GeoPoint[] points, double[] distances, int[] stopPoints)
    {
        Points = points;
        Distances = distances;
        StopPoints = stopPoints;
    }

    public GeoPoint[] Points { get; }

    /// <summary>Metres from the first point, along the path.</summary>
    public double[] Distances { get; }

    /// <summary>For each stop of the line (direction 0), the index of its point.</summary>
    public int[] StopPoints { get; }

    public double Length => Distances[^1];

    public static LineGeometry Of(StreetGrid g, TransitLine line)
    {
        var k = g.Spec.ShapeNodesPerSegment;
        var count = ((line.To - line.From) * (k + 1)) + 1;
        var points = new GeoPoint[count];
        var stopPoints = new int[line.StopPositions.Length];
        var n = 0;
        var nextStop = 0;
        for (var p = line.From; p <= line.To; p++)
        {
            var a = line.Horizontal ? g.Intersection(p, line.Corridor) : g.Intersection(line.Corridor, p);
            if (nextStop < stopPoints.Length && line.StopPositions[nextStop] == p)
            {
                stopPoints[nextStop++] = n;
            }

            points[n++] = g.Geo(a);
            if (p == line.To)
            {
                break;
            }

            var b = line.Horizontal ? g.Intersection(p + 1, line.Corridor) : g.Intersection(line.Corridor, p + 1);
            long key = line.Horizontal ? g.HIndex(p, line.Corridor) : g.VIndex(line.Corridor, p) + (long)g.H.Length;
            var cls = line.Horizontal ? g.H[g.HIndex(p, line.Corridor)] : g.V[g.VIndex(line.Corridor, p)];
            for (var s = 1; s <= k; s++)
            {
                var (x, y) = g.ShapePoint(a, b, key, s, cls);
                points[n++] = g.Projection.ToGeo(x, y);
            }
        }

        var distances = new double[count];
        for (var i = 1; i < count; i++)
        {
            distances[i] = distances[i - 1] + points[i - 1].DistanceTo(points[i]);
        }

        return new LineGeometry(points, distances, stopPoints);
    }
}

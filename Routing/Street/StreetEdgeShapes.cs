using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Street;

/// <summary>
/// Read access to the drawn shape of each street stretch (one geometry edge between two street nodes, with its
/// intermediate points) and who may use it, for maps: the node's GeoJSON of its territory draws these.
/// </summary>
public static class StreetEdgeShapes
{
    /// <summary>How many geometry edges the network holds (each drawn once, whatever its directions).</summary>
    public static int ShapeCount(this StreetNetwork streets)
    {
        ArgumentNullException.ThrowIfNull(streets);
        return streets.Geometry.EdgeCount;
    }

    /// <summary>Who may use stretch <paramref name="edge"/> (walk, bike, car, in either direction).</summary>
    public static WayAccess ShapeAccess(this StreetNetwork streets, int edge)
    {
        ArgumentNullException.ThrowIfNull(streets);
        var g = streets.Geometry;
        return g.WayAccess[g.EdgeWay[edge]];
    }

    /// <summary>Writes the points of stretch <paramref name="edge"/>, both ends included, into <paramref name="points"/> (cleared first).</summary>
    public static void ShapePoints(this StreetNetwork streets, int edge, List<GeoCoordinate> points)
    {
        ArgumentNullException.ThrowIfNull(streets);
        ArgumentNullException.ThrowIfNull(points);
        var g = streets.Geometry;
        points.Clear();
        points.Add(GeoCoordinate.FromFixed(g.NodeLat[g.EdgeFrom[edge]], g.NodeLon[g.EdgeFrom[edge]]));
        for (var i = g.ShapeFirst[edge]; i < g.ShapeFirst[edge + 1]; i++)
        {
            points.Add(GeoCoordinate.FromFixed(g.ShapeLat[i], g.ShapeLon[i]));
        }

        points.Add(GeoCoordinate.FromFixed(g.NodeLat[g.EdgeTo[edge]], g.NodeLon[g.EdgeTo[edge]]));
    }
}

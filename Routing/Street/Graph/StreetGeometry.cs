using Mobility.Routing.Street.Osm;

namespace Mobility.Routing.Street.Graph;

/// <summary>
/// Street nodes and the geometry edges between them (one per stretch of a way between two street nodes, with its
/// intermediate shape points), shared by every profile. Flat arrays; coordinates in 1e-7 degree.
/// </summary>
internal sealed class StreetGeometry
{
    public required int[] NodeLat { get; init; }

    public required int[] NodeLon { get; init; }

    public required long[] NodeOsmId { get; init; }

    /// <summary>Nodes tagged highway=traffic_signals (cars lose <see cref="StreetBuildOptions.TrafficSignalSeconds"/> entering them).</summary>
    public bool[] NodeSignal { get; init; } = [];

    public required int[] EdgeFrom { get; init; }

    public required int[] EdgeTo { get; init; }

    /// <summary>Shape points of edge g: ShapeLat/Lon[ShapeFirst[g] .. ShapeFirst[g+1]-1], between From and To.</summary>
    public required int[] ShapeFirst { get; init; }

    public required int[] ShapeLat { get; init; }

    public required int[] ShapeLon { get; init; }

    public required float[] EdgeLength { get; init; }

    /// <summary>Index into <see cref="WayIds"/> and <see cref="WayAccess"/>.</summary>
    public required int[] EdgeWay { get; init; }

    public required long[] WayIds { get; init; }

    public required WayAccess[] WayAccess { get; init; }

    public int NodeCount => NodeLat.Length;

    public int EdgeCount => EdgeFrom.Length;

    public long Bytes =>
        (4L * (NodeLat.Length + NodeLon.Length + EdgeFrom.Length + EdgeTo.Length + ShapeFirst.Length + ShapeLat.Length
               + ShapeLon.Length + EdgeLength.Length + EdgeWay.Length))
        + (8L * (NodeOsmId.Length + WayIds.Length)) + (28L * WayAccess.Length);

    /// <summary>Writes the points of edge g (both ends included) in travel direction into the lists.</summary>
    public void Points(int g, bool reversed, List<int> lat, List<int> lon)
    {
        lat.Clear();
        lon.Clear();
        lat.Add(NodeLat[EdgeFrom[g]]);
        lon.Add(NodeLon[EdgeFrom[g]]);
        for (var i = ShapeFirst[g]; i < ShapeFirst[g + 1]; i++)
        {
            lat.Add(ShapeLat[i]);
            lon.Add(ShapeLon[i]);
        }

        lat.Add(NodeLat[EdgeTo[g]]);
        lon.Add(NodeLon[EdgeTo[g]]);
        if (reversed)
        {
            lat.Reverse();
            lon.Reverse();
        }
    }
}

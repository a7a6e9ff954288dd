using Mobility.Routing.Gtfs;

namespace Mobility.Routing.Transit;

/// <summary>
/// Footpaths between stops within a radius, timed on the straight-line distance times a detour factor. A fallback
/// for when no street network is loaded (benchmarks of the transit core alone); the planner computes footpaths on the
/// street graph instead.
/// </summary>
public static class CrowFliesFootpaths
{
    public static List<Footpath> Compute(IReadOnlyList<TransitStop> stops, double radiusMeters = 400, double metersPerSecond = 1.2, double detour = 1.3)
    {
        // Bucket stops in cells of the radius so that only neighbouring cells are compared.
        var cellLat = radiusMeters / 111_000.0;
        var cells = new Dictionary<(int, int), List<int>>();
        for (var i = 0; i < stops.Count; i++)
        {
            var key = Cell(stops[i], cellLat);
            if (!cells.TryGetValue(key, out var list))
            {
                list = [];
                cells[key] = list;
            }

            list.Add(i);
        }

        var result = new List<Footpath>();
        for (var a = 0; a < stops.Count; a++)
        {
            var (x, y) = Cell(stops[a], cellLat);
            for (var dx = -1; dx <= 1; dx++)
            {
                for (var dy = -1; dy <= 1; dy++)
                {
                    if (!cells.TryGetValue((x + dx, y + dy), out var list))
                    {
                        continue;
                    }

                    foreach (var b in list)
                    {
                        if (a == b)
                        {
                            continue;
                        }

                        var m = Geo.HaversineMeters(stops[a].Lat, stops[a].Lon, stops[b].Lat, stops[b].Lon);
                        if (m <= radiusMeters)
                        {
                            result.Add(new Footpath(a, b, (int)Math.Ceiling(m * detour / metersPerSecond)));
                        }
                    }
                }
            }
        }

        return result;
    }

    private static (int, int) Cell(TransitStop s, double cellLat)
    {
        // Longitude cells are widened by 1/cos(lat) so a cell is at least the radius wide everywhere below 80 degrees.
        var cellLon = cellLat / Math.Max(0.17, Math.Cos(s.Lat * Math.PI / 180));
        return ((int)Math.Floor(s.Lat / cellLat), (int)Math.Floor(s.Lon / cellLon));
    }
}

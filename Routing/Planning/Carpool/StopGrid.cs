using Mobility.Routing.Gtfs;
using Mobility.Routing.Transit;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>
/// A timetable's stops bucketed on a latitude/longitude grid of about <see cref="CellMeters"/>, so that "stops within
/// r of this point" reads a few cells instead of every stop (a driver's route has hundreds of vertices).
/// </summary>
internal sealed class StopGrid
{
    public const double CellMeters = 500;

    private const double MetersPerDegree = 111_320.0;

    private readonly IReadOnlyList<TransitStop> _stops;
    private readonly Dictionary<(int, int), List<int>> _cells = [];
    private readonly double _cellLat;
    private readonly double _cellLon;

    public StopGrid(IReadOnlyList<TransitStop> stops)
    {
        ArgumentNullException.ThrowIfNull(stops);
        _stops = stops;
        var midLat = stops.Count == 0 ? 0 : stops.Average(s => s.Lat);
        _cellLat = CellMeters / MetersPerDegree;
        // Cells are narrower in degrees of longitude away from the equator; the mid latitude's width is within a few
        // percent across a city, and Within pads by one cell.
        _cellLon = CellMeters / (MetersPerDegree * Math.Max(0.01, Math.Cos(midLat * Math.PI / 180)));
        for (var i = 0; i < stops.Count; i++)
        {
            var key = Cell(stops[i].Lat, stops[i].Lon);
            if (!_cells.TryGetValue(key, out var list))
            {
                _cells[key] = list = [];
            }

            list.Add(i);
        }
    }

    /// <summary>Adds to <paramref name="into"/> the indexes of the stops within <paramref name="meters"/> of the point (great-circle).</summary>
    public void Within(double lat, double lon, double meters, ISet<int> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        var (row, col) = Cell(lat, lon);
        var dRow = (int)Math.Ceiling(meters / CellMeters) + 1;
        var dCol = (int)Math.Ceiling(meters / (MetersPerDegree * Math.Max(0.01, Math.Cos(lat * Math.PI / 180))) / _cellLon) + 1;
        for (var r = row - dRow; r <= row + dRow; r++)
        {
            for (var c = col - dCol; c <= col + dCol; c++)
            {
                if (!_cells.TryGetValue((r, c), out var list))
                {
                    continue;
                }

                foreach (var i in list)
                {
                    if (!into.Contains(i) && Geo.HaversineMeters(lat, lon, _stops[i].Lat, _stops[i].Lon) <= meters)
                    {
                        into.Add(i);
                    }
                }
            }
        }
    }

    private (int Row, int Col) Cell(double lat, double lon) => ((int)Math.Floor(lat / _cellLat), (int)Math.Floor(lon / _cellLon));
}

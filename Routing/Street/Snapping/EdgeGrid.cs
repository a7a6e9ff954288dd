using Mobility.Routing.Street.Graph;

namespace Mobility.Routing.Street.Snapping;

/// <summary>
/// A uniform grid over the segments of the geometry edges (an edge is listed in every cell its segments' bounding
/// boxes touch). Nearest-edge queries scan rings of cells outward until no unscanned cell can hold a closer segment.
/// </summary>
internal sealed class EdgeGrid
{
    private readonly StreetGeometry _geometry;
    private readonly int _minLat;
    private readonly int _minLon;
    private readonly int _cellLat;
    private readonly int _cellLon;
    private readonly int _columns;
    private readonly int _rows;
    private readonly int[] _cellFirst;
    private readonly int[] _cellEdges;
    private readonly double _cellMeters;

    public EdgeGrid(StreetGeometry geometry)
    {
        _geometry = geometry;
        if (geometry.NodeCount == 0)
        {
            _cellLat = _cellLon = _columns = _rows = 1;
            _cellFirst = [0, 0];
            _cellEdges = [];
            return;
        }

        _minLat = geometry.NodeLat.Min();
        _minLon = geometry.NodeLon.Min();
        var maxLat = geometry.NodeLat.Max();
        var maxLon = geometry.NodeLon.Max();
        if (geometry.ShapeLat.Length > 0)
        {
            _minLat = Math.Min(_minLat, geometry.ShapeLat.Min());
            _minLon = Math.Min(_minLon, geometry.ShapeLon.Min());
            maxLat = Math.Max(maxLat, geometry.ShapeLat.Max());
            maxLon = Math.Max(maxLon, geometry.ShapeLon.Max());
        }

        // About two edges per cell; cells square on the ground.
        var midLat = (_minLat + (double)maxLat) / 2 / GeoCoordinate.FixedScale;
        var cos = Math.Max(0.05, Math.Cos(midLat * Math.PI / 180));
        var heightM = Math.Max(1.0, (maxLat - (double)_minLat) / GeoCoordinate.FixedScale * GeoMath.MetersPerDegree);
        var widthM = Math.Max(1.0, (maxLon - (double)_minLon) / GeoCoordinate.FixedScale * GeoMath.MetersPerDegree * cos);
        var cells = Math.Max(1, geometry.EdgeCount / 2);
        _cellMeters = Math.Max(20, Math.Sqrt(heightM * widthM / cells));
        _cellLat = Math.Max(1, (int)(_cellMeters / GeoMath.MetersPerDegree * GeoCoordinate.FixedScale));
        _cellLon = Math.Max(1, (int)(_cellMeters / (GeoMath.MetersPerDegree * cos) * GeoCoordinate.FixedScale));
        _rows = ((maxLat - _minLat) / _cellLat) + 1;
        _columns = ((maxLon - _minLon) / _cellLon) + 1;

        var counts = new int[(_rows * _columns) + 1];
        var lat = new List<int>();
        var lon = new List<int>();
        ForEachCell((cell, _) => counts[cell + 1]++, lat, lon);
        for (var i = 0; i < _rows * _columns; i++)
        {
            counts[i + 1] += counts[i];
        }

        _cellFirst = counts;
        _cellEdges = new int[counts[^1]];
        var fill = (int[])counts.Clone();
        ForEachCell((cell, g) => _cellEdges[fill[cell]++] = g, lat, lon);
    }

    public long Bytes => 4L * (_cellFirst.Length + _cellEdges.Length);

    /// <summary>Nearest point, within <paramref name="maxMeters"/>, on an edge accepted by <paramref name="usable"/>.</summary>
    public (int Edge, double Fraction, int Lat, int Lon, double Meters) Nearest(double latDeg, double lonDeg, double maxMeters, Func<int, bool> usable)
    {
        var qLat = GeoCoordinate.ToFixed(latDeg);
        var qLon = GeoCoordinate.ToFixed(lonDeg);
        var cos = Math.Cos(latDeg * Math.PI / 180);
        var row = FloorDiv(qLat - _minLat, _cellLat);
        var col = FloorDiv(qLon - _minLon, _cellLon);
        var best = (Edge: -1, Fraction: 0.0, Lat: 0, Lon: 0, Meters: double.MaxValue);
        var lat = new List<int>(16);
        var lon = new List<int>(16);
        var seen = new HashSet<int>();
        var scale = GeoMath.MetersPerDegree / GeoCoordinate.FixedScale;
        var cellMeters = Math.Min(_cellLat * scale, _cellLon * scale * cos);
        var maxRing = (int)Math.Ceiling(maxMeters / cellMeters) + 1;
        for (var ring = 0; ring <= maxRing; ring++)
        {
            for (var r = row - ring; r <= row + ring; r++)
            {
                for (var c = col - ring; c <= col + ring; c++)
                {
                    if ((Math.Abs(r - row) != ring && Math.Abs(c - col) != ring) || r < 0 || c < 0 || r >= _rows || c >= _columns)
                    {
                        continue;
                    }

                    var cell = (r * _columns) + c;
                    for (var i = _cellFirst[cell]; i < _cellFirst[cell + 1]; i++)
                    {
                        var g = _cellEdges[i];
                        if (!seen.Add(g) || !usable(g))
                        {
                            continue;
                        }

                        var candidate = Project(g, qLat, qLon, cos, lat, lon);
                        if (candidate.Meters < best.Meters)
                        {
                            best = (g, candidate.Fraction, candidate.Lat, candidate.Lon, candidate.Meters);
                        }
                    }
                }
            }

            // Every cell of a later ring lies more than ring cell sizes away from the query point.
            if (best.Edge >= 0 && best.Meters <= ring * cellMeters)
            {
                break;
            }
        }

        return best.Meters <= maxMeters ? best : (-1, 0, 0, 0, double.MaxValue);
    }

    private (double Fraction, int Lat, int Lon, double Meters) Project(int g, int qLat, int qLon, double cos, List<int> lat, List<int> lon)
    {
        _geometry.Points(g, false, lat, lon);
        var scaleY = GeoMath.MetersPerDegree / GeoCoordinate.FixedScale;
        var scaleX = scaleY * cos;
        var total = 0.0;
        var bestMeters = double.MaxValue;
        var bestAlong = 0.0;
        var bestLat = lat[0];
        var bestLon = lon[0];
        for (var i = 0; i + 1 < lat.Count; i++)
        {
            var ax = (lon[i] - qLon) * scaleX;
            var ay = (lat[i] - qLat) * scaleY;
            var bx = (lon[i + 1] - qLon) * scaleX;
            var by = (lat[i + 1] - qLat) * scaleY;
            var dx = bx - ax;
            var dy = by - ay;
            var len2 = (dx * dx) + (dy * dy);
            var t = len2 <= 0 ? 0 : Math.Clamp(-((ax * dx) + (ay * dy)) / len2, 0, 1);
            var px = ax + (t * dx);
            var py = ay + (t * dy);
            var d = Math.Sqrt((px * px) + (py * py));
            var segment = Math.Sqrt(len2);
            if (d < bestMeters)
            {
                bestMeters = d;
                bestAlong = total + (t * segment);
                bestLat = (int)Math.Round(lat[i] + (t * (lat[i + 1] - lat[i])));
                bestLon = (int)Math.Round(lon[i] + (t * (lon[i + 1] - lon[i])));
            }

            total += segment;
        }

        return (total <= 0 ? 0 : bestAlong / total, bestLat, bestLon, bestMeters);
    }

    private void ForEachCell(Action<int, int> action, List<int> lat, List<int> lon)
    {
        var cells = new HashSet<int>();
        for (var g = 0; g < _geometry.EdgeCount; g++)
        {
            _geometry.Points(g, false, lat, lon);
            cells.Clear();
            for (var i = 0; i + 1 < lat.Count; i++)
            {
                var r0 = (Math.Min(lat[i], lat[i + 1]) - _minLat) / _cellLat;
                var r1 = (Math.Max(lat[i], lat[i + 1]) - _minLat) / _cellLat;
                var c0 = (Math.Min(lon[i], lon[i + 1]) - _minLon) / _cellLon;
                var c1 = (Math.Max(lon[i], lon[i + 1]) - _minLon) / _cellLon;
                for (var r = r0; r <= r1; r++)
                {
                    for (var c = c0; c <= c1; c++)
                    {
                        cells.Add((r * _columns) + c);
                    }
                }
            }

            foreach (var cell in cells)
            {
                action(cell, g);
            }
        }
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);
}

namespace Mobility.CarpoolProof.Campaigns.Geography;

/// <summary>
/// A GeoJSON MultiPolygon (a Polygon is a MultiPolygon of one), planar in lon/lat degrees as RFC 7946 3.1.6 allows for
/// small areas. Rings are closed (first position equals last), as RFC 7946 3.1.6 requires.
/// </summary>
public sealed class GeoMultiPolygon
{
    private readonly Polygon[] _polygons;
    private readonly double _minLat, _maxLat, _minLon, _maxLon;

    /// <param name="polygons">Per polygon, its rings (exterior first, then holes); each ring a closed list of (lon, lat).</param>
    public GeoMultiPolygon(IReadOnlyList<IReadOnlyList<IReadOnlyList<(double Lon, double Lat)>>> polygons)
    {
        _polygons = polygons.Select(rings => new Polygon(rings.Select(Ring.Of).ToArray())).ToArray();
        _minLat = _polygons.Min(p => p.Rings[0].MinLat);
        _maxLat = _polygons.Max(p => p.Rings[0].MaxLat);
        _minLon = _polygons.Min(p => p.Rings[0].MinLon);
        _maxLon = _polygons.Max(p => p.Rings[0].MaxLon);
    }

    public bool Contains(in GeoPoint p)
    {
        if (p.Lat < _minLat || p.Lat > _maxLat || p.Lon < _minLon || p.Lon > _maxLon)
        {
            return false;
        }
        foreach (var polygon in _polygons)
        {
            if (polygon.Rings[0].Contains(p))
            {
                var inHole = false;
                for (var h = 1; h < polygon.Rings.Length && !inHole; h++)
                {
                    inHole = polygon.Rings[h].Contains(p);
                }
                if (!inHole)
                {
                    return true;
                }
            }
        }
        return false;
    }

    private sealed record Polygon(Ring[] Rings);

    private sealed class Ring
    {
        private readonly double[] _lon;
        private readonly double[] _lat;

        private Ring(double[] lon, double[] lat)
        {
            _lon = lon;
            _lat = lat;
            MinLat = lat.Min();
            MaxLat = lat.Max();
            MinLon = lon.Min();
            MaxLon = lon.Max();
        }

        public double MinLat { get; }
        public double MaxLat { get; }
        public double MinLon { get; }
        public double MaxLon { get; }

        public static Ring Of(IReadOnlyList<(double Lon, double Lat)> positions) =>
            new(positions.Select(p => p.Lon).ToArray(), positions.Select(p => p.Lat).ToArray());

        /// <summary>Even-odd ray casting towards +lon; the closing position repeats the first, so edges are i..i+1.</summary>
        public bool Contains(in GeoPoint p)
        {
            if (p.Lat < MinLat || p.Lat > MaxLat || p.Lon < MinLon || p.Lon > MaxLon)
            {
                return false;
            }
            var inside = false;
            for (var i = 0; i < _lon.Length - 1; i++)
            {
                double y1 = _lat[i], y2 = _lat[i + 1];
                if ((y1 > p.Lat) != (y2 > p.Lat))
                {
                    var x = _lon[i] + ((p.Lat - y1) * (_lon[i + 1] - _lon[i]) / (y2 - y1));
                    if (p.Lon < x)
                    {
                        inside = !inside;
                    }
                }
            }
            return inside;
        }
    }
}

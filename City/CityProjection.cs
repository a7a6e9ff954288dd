namespace Mobility.City;

/// <summary>
/// Local equirectangular projection around the city centre. Coordinates are rounded to 1e-7 degree, the OSM PBF
/// granularity (OSM PBF format, "granularity" default 100 nanodegrees), so the GTFS stops and GBFS stations placed on
/// street nodes carry exactly the coordinates a router reads back from the PBF.
/// </summary>
internal readonly struct CityProjection
{
    private const double MetersPerDegree = 111_320.0;
    private readonly double _centreLat;
    private readonly double _centreLon;
    private readonly double _metersPerDegreeLon;
    private readonly double _cos;
    private readonly double _sin;

    public CityProjection(double centreLat, double centreLon, double rotationDegrees)
    {
        _centreLat = centreLat;
        _centreLon = centreLon;
        _metersPerDegreeLon = MetersPerDegree * Math.Cos(centreLat * Math.PI / 180.0);
        var theta = rotationDegrees * Math.PI / 180.0;
        _cos = Math.Cos(theta);
        _sin = Math.Sin(theta);
    }

    /// <summary>Projects local metres (x east, y north, before rotation) to fixed-point degrees (1e-7).</summary>
    public GeoPoint ToGeo(double x, double y)
    {
        var rx = (x * _cos) - (y * _sin);
        var ry = (x * _sin) + (y * _cos);
        var lat = _centreLat + (ry / MetersPerDegree);
        var lon = _centreLon + (rx / _metersPerDegreeLon);
        return new GeoPoint((int)Math.Round(lat * 1e7), (int)Math.Round(lon * 1e7));
    }
}

/// <summary>A WGS84 position in fixed-point 1e-7 degrees (the OSM PBF granularity).</summary>
public readonly record struct GeoPoint(int LatE7, int LonE7)
{
    public double Latitude => LatE7 / 1e7;

    public double Longitude => LonE7 / 1e7;

    /// <summary>The coordinate as written in GTFS and GBFS: 7 decimals, invariant culture.</summary>
    public string LatText => FormatE7(LatE7);

    public string LonText => FormatE7(LonE7);

    /// <summary>Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m).</summary>
    public double DistanceTo(GeoPoint other)
    {
        const double R = 6_371_008.8;
        var p1 = Latitude * Math.PI / 180;
        var p2 = other.Latitude * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (other.Longitude - Longitude) * Math.PI / 180;
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static string FormatE7(int value)
    {
        var sign = value < 0 ? "-" : string.Empty;
        var abs = Math.Abs((long)value);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sign}{abs / 10_000_000}.{abs % 10_000_000:D7}");
    }
}

namespace Mobility.Routing.Street.Graph;

/// <summary>Distances on the sphere (mean Earth radius, IUGG) for edge lengths and snapping.</summary>
internal static class GeoMath
{
    public const double EarthRadiusMeters = 6_371_008.8;
    public const double MetersPerDegree = EarthRadiusMeters * Math.PI / 180.0;

    public static double Haversine(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var a = (Math.Sin(dp / 2) * Math.Sin(dp / 2)) + (Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    public static double HaversineFixed(int lat1, int lon1, int lat2, int lon2) =>
        Haversine(lat1 / GeoCoordinate.FixedScale, lon1 / GeoCoordinate.FixedScale, lat2 / GeoCoordinate.FixedScale, lon2 / GeoCoordinate.FixedScale);
}

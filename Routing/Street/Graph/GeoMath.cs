namespace Mobility.Routing.Street.Graph;

/// <summary>Distances on the sphere (mean Earth radius, IUGG) for edge lengths and snapping.</summary>
internal static class GeoMath
{
    public const double EarthRadiusMeters = Gtfs.Geo.EarthRadiusMeters;
    public const double MetersPerDegree = EarthRadiusMeters * Math.PI / 180.0;

    /// <summary>The one haversine implementation of the module: <see cref="Gtfs.Geo.HaversineMeters"/>.</summary>
    public static double Haversine(double lat1, double lon1, double lat2, double lon2) =>
        Gtfs.Geo.HaversineMeters(lat1, lon1, lat2, lon2);

    public static double HaversineFixed(int lat1, int lon1, int lat2, int lon2) =>
        Haversine(lat1 / GeoCoordinate.FixedScale, lon1 / GeoCoordinate.FixedScale, lat2 / GeoCoordinate.FixedScale, lon2 / GeoCoordinate.FixedScale);
}

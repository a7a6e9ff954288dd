namespace Mobility.Routing.Matching.Carpool;

/// <summary>A WGS 84 position in degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public const double EarthRadiusMeters = Gtfs.Geo.EarthRadiusMeters;

    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Great-circle distance by the haversine formula on the mean Earth radius (IUGG).</summary>
    public double HaversineMeters(GeoPoint other) =>
        Gtfs.Geo.HaversineMeters(Latitude, Longitude, other.Latitude, other.Longitude);
}

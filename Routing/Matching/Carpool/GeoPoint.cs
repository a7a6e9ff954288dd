namespace Mobility.Routing.Matching.Carpool;

/// <summary>A WGS 84 position in degrees.</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    public const double EarthRadiusMeters = 6_371_008.8;

    public bool IsValid =>
        double.IsFinite(Latitude) && double.IsFinite(Longitude) &&
        Latitude is >= -90 and <= 90 && Longitude is >= -180 and <= 180;

    /// <summary>Great-circle distance by the haversine formula on the mean Earth radius (IUGG).</summary>
    public double HaversineMeters(GeoPoint other)
    {
        const double toRad = Math.PI / 180;
        var dLat = (other.Latitude - Latitude) * toRad;
        var dLon = (other.Longitude - Longitude) * toRad;
        var a = Math.Pow(Math.Sin(dLat / 2), 2) +
                (Math.Cos(Latitude * toRad) * Math.Cos(other.Latitude * toRad) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

namespace Mobility.Routing.Street;

/// <summary>A WGS84 position in degrees. GeoJSON writes it as [Lon, Lat] (RFC 7946 3.1.1).</summary>
public readonly record struct GeoCoordinate(double Lat, double Lon)
{
    /// <summary>Fixed-point unit used in the flat arrays: 1e-7 degree (about 1 cm), as OSM stores coordinates.</summary>
    public const double FixedScale = 1e7;

    internal static int ToFixed(double degrees) => (int)Math.Round(degrees * FixedScale);

    internal static GeoCoordinate FromFixed(int lat, int lon) => new(lat / FixedScale, lon / FixedScale);
}

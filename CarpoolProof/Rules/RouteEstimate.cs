namespace Mobility.CarpoolProof.Rules;

/// <summary>A routed car trip between the declared start and end: metres and seconds.</summary>
public readonly record struct RouteEstimate(double DistanceMeters, double DurationSeconds);

/// <summary>
/// The router as the plausibility rule sees it (the registry uses OSRM). Implementations must be thread-safe;
/// <c>null</c> means no route was found, and the rule is then not evaluated.
/// </summary>
public interface IRouteEstimator
{
    RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure);
}

/// <summary>
/// Great-circle distance times a detour factor at a fixed speed: a fallback where no street router is available
/// (bench, tests), never a substitute for one in production.
/// </summary>
public sealed class GreatCircleRouteEstimator(double detourFactor = 1.3, double speedMetersPerSecond = 50 / 3.6) : IRouteEstimator
{
    public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure)
    {
        var d = Geo.HaversineMeters(fromLat, fromLon, toLat, toLon) * detourFactor;
        return new RouteEstimate(d, d / speedMetersPerSecond);
    }
}

/// <summary>Spherical earth distances (mean radius 6,371,008.8 m, IUGG).</summary>
public static class Geo
{
    private const double EarthRadius = 6_371_008.8;

    public static double HaversineMeters(double lat1, double lon1, double lat2, double lon2)
    {
        var p1 = lat1 * Math.PI / 180;
        var p2 = lat2 * Math.PI / 180;
        var dp = p2 - p1;
        var dl = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dp / 2) * Math.Sin(dp / 2) + Math.Cos(p1) * Math.Cos(p2) * Math.Sin(dl / 2) * Math.Sin(dl / 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>
/// Asks <paramref name="primary"/> (the street router) first and <paramref name="fallback"/> only where it has no answer
/// (no snapshot yet, or a journey outside the loaded street network), so the plausibility rule is never silently skipped.
/// </summary>
public sealed class FallbackRouteEstimator(IRouteEstimator primary, IRouteEstimator fallback) : IRouteEstimator
{
    public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure) =>
        primary.Estimate(fromLat, fromLon, toLat, toLon, departure) ?? fallback.Estimate(fromLat, fromLon, toLat, toLon, departure);
}

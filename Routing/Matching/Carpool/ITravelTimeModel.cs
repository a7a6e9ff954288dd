namespace Mobility.Routing.Matching.Carpool;

/// <summary>Driving time between two points in whole seconds; the matcher and the checker share one model.</summary>
public interface ITravelTimeModel
{
    int Seconds(GeoPoint from, GeoPoint to);
}

/// <summary>
/// Crow-fly time model: haversine distance times a detour factor (streets are longer than the straight line,
/// about 1.3 in European cities) divided by a mean speed, rounded up to whole seconds.
/// </summary>
public sealed record HaversineTravelTimeModel(double SpeedMetersPerSecond, double DetourFactor) : ITravelTimeModel
{
    /// <summary>30 km/h mean urban speed with a 1.3 street detour factor.</summary>
    public static readonly HaversineTravelTimeModel Urban = new(30 / 3.6, 1.3);

    public int Seconds(GeoPoint from, GeoPoint to)
    {
        if (!(SpeedMetersPerSecond > 0) || !(DetourFactor >= 1))
            throw new InvalidOperationException("Speed must be positive and the detour factor at least 1.");
        return (int)Math.Ceiling(from.HaversineMeters(to) * DetourFactor / SpeedMetersPerSecond);
    }
}

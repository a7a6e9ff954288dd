namespace Mobility.Routing.Planning.SharedVehicles;

/// <summary>Limits of shared-vehicle legs.</summary>
public sealed record SharedVehicleOptions
{
    /// <summary>Pick-up places (stations or vehicles) tried near the origin, and drop-off places near the destination.</summary>
    public int Candidates { get; init; } = 3;

    /// <summary>Longest walk to a vehicle, and from the drop-off place on.</summary>
    public TimeSpan MaxWalk { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest ride.</summary>
    public TimeSpan MaxRide { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Speed of a standing or seated scooter on the bike graph (about 18 km/h; many cities cap them at 20-25).</summary>
    public double ScooterSpeedMps { get; init; } = 5.0;

    /// <summary>A station this close to a transit stop can end a ride that continues by transit.</summary>
    public double StationToStopMeters { get; init; } = 300;

    /// <summary>Stations near stops tried as the end of a ride that continues by transit.</summary>
    public int TransitStations { get; init; } = 3;
}

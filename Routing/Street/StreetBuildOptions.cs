namespace Mobility.Routing.Street;

/// <summary>Speeds and preprocessing choices used when a <see cref="StreetNetwork"/> is built.</summary>
public sealed record StreetBuildOptions
{
    /// <summary>Walking speed in metres per second (about 4.8 km/h).</summary>
    public double WalkSpeedMps { get; init; } = 1.33;

    /// <summary>Cycling speed in metres per second (about 15 km/h).</summary>
    public double BikeSpeedMps { get; init; } = 4.17;

    /// <summary>Profiles for which a contraction hierarchy is built; the others answer with bidirectional Dijkstra.</summary>
    public IReadOnlyList<StreetProfile> ContractedProfiles { get; init; } = [StreetProfile.Car];

    /// <summary>Largest distance, in metres, between a query point and the edge it snaps to.</summary>
    public double MaxSnapDistanceMeters { get; init; } = 2_000;

    /// <summary>
    /// A strongly connected component with fewer nodes than this share of the largest one is an island: nothing snaps
    /// to it. Larger components all count as main network (an extract may cover two separate areas).
    /// </summary>
    public double MainComponentShare { get; init; } = 0.05;

    /// <summary>
    /// A tagged maxspeed is a legal limit, not the speed a car averages along the street: car speeds are the limit times
    /// this factor (OSRM's car profile uses 0.8 for the same reason). Untagged streets take the speed of their class.
    /// </summary>
    public double CarMaxSpeedFactor { get; init; } = 0.8;

    /// <summary>Seconds a car loses on average passing a node tagged highway=traffic_signals (OSRM's car profile: 2 s).</summary>
    public double TrafficSignalSeconds { get; init; } = 2;

    public static StreetBuildOptions Default { get; } = new();
}

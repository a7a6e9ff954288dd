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

    /// <summary>
    /// Whether car routes pay for their turns (an edge-based car graph, see <c>Turns/</c>): the angle-dependent turn
    /// penalty and U-turn penalty of OSRM's car profile. Off, cars turn for free (node-based graph; faster to build).
    /// </summary>
    public bool CarTurnCosts { get; init; } = true;

    /// <summary>Seconds lost on the sharpest turn (OSRM car.lua turn_penalty: 7.5 s); straight on costs about nothing.</summary>
    public double TurnPenaltySeconds { get; init; } = 7.5;

    /// <summary>Seconds added for turning back onto the street one came from (OSRM car.lua u_turn_penalty: 20 s).</summary>
    public double UTurnPenaltySeconds { get; init; } = 20;

    /// <summary>Left-hand traffic (UK, Japan...): turns to the left become the cheap ones (car.lua inverts turn_bias).</summary>
    public bool CarDrivesOnLeft { get; init; }

    public static StreetBuildOptions Default { get; } = new();
}

using Mobility.Routing.Transit;

namespace Mobility.Routing.Planning;

/// <summary>Limits and speeds of the door-to-door planner.</summary>
public sealed record PlannerOptions
{
    /// <summary>Longest walk (or ride, for a bike) from the origin to a stop, and from a stop to the destination.</summary>
    public TimeSpan MaxAccess { get; init; } = TimeSpan.FromMinutes(15);


    /// <summary>Longest footpath between two stops, and the straight-line radius its candidates are picked in.</summary>
    public TimeSpan MaxFootpath { get; init; } = TimeSpan.FromMinutes(6);

    public double FootpathCandidateMeters { get; init; } = 450;

    /// <summary>A direct walk (or bike ride) longer than this is not offered.</summary>
    public TimeSpan MaxDirect { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>How far before an arrive-by deadline a departure is searched.</summary>
    public TimeSpan ArriveByWindow { get; init; } = TimeSpan.FromHours(3);

    /// <summary>
    /// Largest distance from a stop to the street it snaps to. A stop farther from the street data (outside the extract)
    /// is linked to what lies around it by straight-line walks instead (see <see cref="StraightLineDetour"/>).
    /// </summary>
    public double StopSnapMeters { get; init; } = 300;

    /// <summary>Largest distance from an origin or destination to the street it snaps to; beyond it, straight-line walks.</summary>
    public double PlaceSnapMeters { get; init; } = 300;

    /// <summary>
    /// Where the street data cannot link two places (one lies off the extract, or they lie in parts of the street graph
    /// that the extract does not join), the walk between them is estimated as the straight-line distance times this
    /// factor at the walking speed, and the leg says so (<see cref="Leg.Estimated"/>). 1.4 is a usual urban detour
    /// (network distance over straight-line distance).
    /// </summary>
    public double StraightLineDetour { get; init; } = 1.4;

    /// <summary>Seconds of an estimated walk over <paramref name="meters"/> of straight line (see <see cref="StraightLineDetour"/>).</summary>
    public int StraightLineSeconds(double meters, double walkSpeedMps) => (int)Math.Ceiling(meters * StraightLineDetour / walkSpeedMps);

    public int MaxTrips { get; init; } = 6;

    public TimetableOptions Timetable { get; init; } = new();
}

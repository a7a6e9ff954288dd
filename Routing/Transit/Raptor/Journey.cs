namespace Mobility.Routing.Transit.Raptor;

/// <summary>A stop reached from the origin (access) or left for the destination (egress), and the walk it takes.</summary>
public readonly record struct StopOffset(int Stop, int Seconds);

/// <summary>What a RAPTOR query asks: leave at <see cref="Departure"/> (timetable seconds), reach any egress stop.</summary>
public sealed record RaptorRequest(IReadOnlyList<StopOffset> Access, IReadOnlyList<StopOffset> Egress, int Departure, int MaxTrips = 8);

public enum JourneyLegKind
{
    Access,
    Ride,
    Transfer,
    Egress,
}

/// <summary>
/// One leg between stops. For a ride: <see cref="Trip"/> indexes <c>Timetable.Trips</c>, the positions index its
/// stops, <see cref="ServiceDay"/> the day it runs; times are timetable seconds.
/// For access, <see cref="FromStop"/> is -1; for egress, <see cref="ToStop"/> is -1.
/// </summary>
public readonly record struct JourneyLeg(
    JourneyLegKind Kind, int FromStop, int ToStop, int Departure, int Arrival, int Trip = -1, int BoardPosition = -1,
    int AlightPosition = -1, int ServiceDay = -1);

/// <summary>A transit journey from the origin to the destination, legs in order.</summary>
public sealed record TransitJourney(IReadOnlyList<JourneyLeg> Legs)
{
    public int Departure => Legs[0].Departure;

    public int Arrival => Legs[^1].Arrival;

    public int Rides => Legs.Count(l => l.Kind == JourneyLegKind.Ride);

    public int Transfers => Math.Max(0, Rides - 1);

    public int WalkSeconds => Legs.Where(l => l.Kind != JourneyLegKind.Ride).Sum(l => l.Arrival - l.Departure);

    /// <summary>The latest the traveler can leave the origin and still board the first ride: its departure minus the
    /// access walk (a journey starts at the query's time and may wait at the first stop).</summary>
    public int LatestDeparture => Legs[1].Departure - (Legs[0].Arrival - Legs[0].Departure);
}

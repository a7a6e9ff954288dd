using Mobility.Routing.Street;

namespace Mobility.Routing.Planning;

/// <summary>Modes a traveler accepts. Walking is always allowed for short links; <see cref="Bike"/> adds cycling
/// access, egress and a direct ride; <see cref="Transit"/> allows vehicles of the timetable.</summary>
[Flags]
public enum PlanModes
{
    Walk = 1,
    Transit = 2,
    Bike = 4,
    Default = Walk | Transit,
}

public enum LegMode
{
    Walk,
    Bike,
    Transit,
}

/// <summary>A door-to-door request: positions, a local time in the timetable's zone, depart-at or arrive-by.</summary>
public sealed record PlanRequest(GeoCoordinate From, GeoCoordinate To, DateTime LocalTime, bool ArriveBy = false, PlanModes Modes = PlanModes.Default)
{
    public static PlanModes ParseModes(string text)
    {
        var modes = (PlanModes)0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            modes |= part.ToUpperInvariant() switch
            {
                "WALK" => PlanModes.Walk,
                "TRANSIT" => PlanModes.Transit,
                "BIKE" => PlanModes.Bike,
                _ => throw new FormatException($"unknown mode '{part}' (expected walk, transit, bike)"),
            };
        }

        return modes == 0 ? throw new FormatException("no mode given") : modes;
    }
}

/// <summary>A place of an itinerary: the origin, the destination or a stop.</summary>
public sealed record Place(string Name, double Lat, double Lon, string? StopId = null);

/// <summary>
/// One leg. Transit legs name the operator (agency), the route (line) and the trip; every leg has its distance in
/// metres and its geometry as a GeoJSON LineString (GTFS shape where the trip has one).
/// </summary>
public sealed record Leg(
    LegMode Mode,
    Place From,
    Place To,
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DistanceMeters,
    string GeoJson,
    string? Operator = null,
    string? Route = null,
    string? RouteId = null,
    string? TripId = null,
    string? Headsign = null)
{
    public TimeSpan Duration => Arrival - Departure;
}

/// <summary>A door-to-door itinerary, legs in order.</summary>
public sealed record Itinerary(IReadOnlyList<Leg> Legs)
{
    public DateTimeOffset Departure => Legs[0].Departure;

    public DateTimeOffset Arrival => Legs[^1].Arrival;

    public int Transfers => Math.Max(0, Legs.Count(l => l.Mode == LegMode.Transit) - 1);

    public double WalkMeters => Legs.Where(l => l.Mode == LegMode.Walk).Sum(l => l.DistanceMeters);

    public double BikeMeters => Legs.Where(l => l.Mode == LegMode.Bike).Sum(l => l.DistanceMeters);

    /// <summary>A compact summary: <c>WALK 320m > TRAM MAX Green 08:04-08:19 > WALK 120m</c>.</summary>
    public string Summary() => string.Join(" > ", Legs.Select(l => l.Mode switch
    {
        LegMode.Transit => $"{l.Operator}:{l.Route} {l.Departure:HH:mm}-{l.Arrival:HH:mm} {l.From.Name}->{l.To.Name}",
        _ => $"{l.Mode.ToString().ToUpperInvariant()} {l.DistanceMeters:0}m",
    }));
}

/// <summary>The answer: itineraries (a Pareto set, earliest arrival first for depart-at) or the reason there is none.</summary>
public sealed record PlanResult(IReadOnlyList<Itinerary> Itineraries, string? Error)
{
    public Itinerary? Earliest => Itineraries.Count == 0 ? null : Itineraries.MinBy(i => i.Arrival);
}

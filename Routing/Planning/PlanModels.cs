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

    /// <summary>Shared bikes and scooters from GBFS feeds (docked or free-floating).</summary>
    BikeShare = 8,

    /// <summary>Live carpool offers, alone or chained with transit.</summary>
    Carpool = 16,

    /// <summary>Drive to a park-and-ride site, then transit.</summary>
    CarParkRide = 32,
    Default = Walk | Transit,
}

public enum LegMode
{
    Walk,
    Bike,
    Transit,
    BikeShare,
    Scooter,
    Carpool,
    Car,
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
                "BIKESHARE" => PlanModes.BikeShare,
                "CARPOOL" => PlanModes.Carpool,
                "CAR-PR" => PlanModes.CarParkRide,
                _ => throw new FormatException($"unknown mode '{part}' (expected walk, transit, bike, bikeshare, carpool, car-pr)"),
            };
        }

        return modes == 0 ? throw new FormatException("no mode given") : modes;
    }
}

/// <summary>A place of an itinerary: the origin, the destination or a stop.</summary>
public sealed record Place(string Name, double Lat, double Lon, string? StopId = null);

/// <summary>
/// One leg. Transit legs name the operator (agency), the route (line) and the trip; every leg has its distance in
/// metres and its geometry as a GeoJSON LineString (GTFS shape where the trip has one). Shared-vehicle legs name the
/// operator (GBFS system id), the vehicle type and the stations (as places); carpool legs the operator and the offer
/// (<see cref="TripId"/>). <see cref="Price"/> is what the traveler pays for this leg, in <see cref="Currency"/>
/// (null when not priced, e.g. a transit fare the planner does not know). <see cref="RouteType"/> is the GTFS
/// route_type of a transit leg's line (tram 0, metro 1, rail 2, bus 3, or an extended type). <see cref="FareProducts"/>
/// names the fare products a priced transit leg uses. <see cref="Estimated"/> marks a walk the street data could not
/// route (an end off the extract, or parts of the street graph the extract does not join): its geometry is a straight
/// line and its distance and time an estimate (see <see cref="PlannerOptions.StraightLineDetour"/>).
/// </summary>
public sealed record Leg(
    LegMode Mode,
    Place From,
    Place To,
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DistanceMeters,
    LegShape Shape,
    string? Operator = null,
    string? Route = null,
    string? RouteId = null,
    string? TripId = null,
    string? Headsign = null,
    string? VehicleType = null,
    decimal? Price = null,
    string? Currency = null,
    int? RouteType = null,
    IReadOnlyList<string>? FareProducts = null,
    bool Estimated = false,
    LegIncentive? Incentive = null)
{
    public TimeSpan Duration => Arrival - Departure;

    /// <summary>The geometry as GeoJSON text (RFC 7946 LineString).</summary>
    public string GeoJson => Shape.Text;
}

/// <summary>
/// What incentive campaigns would pay the traveler for a leg, as estimated when planning: <see cref="Amount"/> is
/// already taken off the leg's price, <see cref="Contribution"/> is what the operator asks before it. An estimate:
/// it assumes the journey is proven at the strongest class and that no per-traveler limit or budget is reached.
/// </summary>
public sealed record LegIncentive(decimal Amount, string Currency, decimal Contribution, IReadOnlyList<string> Campaigns);

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

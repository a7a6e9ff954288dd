using System.Text.Json;
using Mobility.Routing.Planning;
using Mobility.Routing.Planning.Ranking;

namespace Mobility.Node.Api;

/// <summary>
/// The answer of <c>GET /plan</c>: the request as understood, the ranking policy that ordered the itineraries (id,
/// version and the SHA-256 of the published document, <c>GET /plan/policy</c>), notices (e.g. a stale GBFS system whose
/// vehicles were left out), and the itineraries, best first (possibly none, with why).
/// </summary>
public sealed record PlanResponse(
    PlaceDto From,
    PlaceDto To,
    string Time,
    bool ArriveBy,
    IReadOnlyList<string> Modes,
    long SnapshotVersion,
    PolicyDto Policy,
    IReadOnlyList<string> Notices,
    IReadOnlyList<ItineraryDto> Itineraries,
    string? Message);

/// <summary>The ranking policy named by an answer.</summary>
public sealed record PolicyDto(string Id, string Version, string Sha256)
{
    public static PolicyDto Of(RankingPolicyRef r) => new(r.Id, r.Version, r.Sha256);
}

/// <summary>
/// One door-to-door itinerary; times carry the timetable zone's offset (ISO 8601). <c>cost</c> is the policy's
/// generalized cost in minutes (lower ranks first); <c>price</c> sums the priced legs (transit fares are not known and
/// count 0); <c>co2Grams</c> uses the policy's per-mode factors.
/// </summary>
public sealed record ItineraryDto(
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DurationSeconds,
    int Transfers,
    double WalkMeters,
    double BikeMeters,
    double Cost,
    decimal Price,
    string? Currency,
    double Co2Grams,
    IReadOnlyList<LegDto> Legs)
{
    public static ItineraryDto Of(RankedItinerary r, RankingPolicy policy)
    {
        var i = r.Itinerary;
        var currencies = i.Legs.Select(l => l.Currency).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new(
            i.Departure, i.Arrival, (i.Arrival - i.Departure).TotalSeconds, i.Transfers, Math.Round(i.WalkMeters, 1), Math.Round(i.BikeMeters, 1),
            Math.Round(r.Cost, 2), r.Criteria.Price, currencies.Count == 1 ? currencies[0] : currencies.Count == 0 ? null : string.Join(",", currencies),
            Math.Round(r.Criteria.Co2Grams, 1), [.. i.Legs.Select(l => LegDto.Of(l, policy))]);
    }
}

/// <summary>
/// A leg: its mode (walk, bike, transit, bikeshare, scooter, carpool, car), the operator (transit agency, GBFS system
/// id or carpool operator), the route of a transit leg, the trip or carpool offer id, the shared vehicle's type,
/// places (a GBFS station's id as <c>gbfs:ID</c>), times, metres, the traveler's price for the leg and its CO2, and a
/// GeoJSON LineString (RFC 7946 3.1.4).
/// </summary>
public sealed record LegDto(
    string Mode,
    string? Operator,
    string? Route,
    string? RouteId,
    string? TripId,
    string? Headsign,
    PlaceDto From,
    PlaceDto To,
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DurationSeconds,
    double DistanceMeters,
    string? VehicleType,
    decimal? Price,
    string? Currency,
    double Co2Grams,
    JsonElement Geometry)
{
    public static LegDto Of(Leg l, RankingPolicy policy)
    {
        using var geometry = JsonDocument.Parse(l.GeoJson);
        return new LegDto(
            l.Mode.ToString().ToLowerInvariant(), l.Operator, l.Route, l.RouteId, l.TripId, l.Headsign,
            PlaceDto.Of(l.From), PlaceDto.Of(l.To), l.Departure, l.Arrival, l.Duration.TotalSeconds, Math.Round(l.DistanceMeters, 1),
            l.VehicleType, l.Price, l.Currency, Math.Round(ItineraryRanker.Co2Grams(l, policy), 1), geometry.RootElement.Clone());
    }
}

public sealed record PlaceDto(string Name, double Lat, double Lon, string? StopId)
{
    public static PlaceDto Of(Place p) => new(p.Name, p.Lat, p.Lon, p.StopId);
}

/// <summary>
/// What <c>/plan</c> covers: the bounds of the street nodes and stops, the service period and its time zone, and what
/// it offers beyond transit now: GBFS systems, live carpool offers and park-and-ride sites.
/// </summary>
public sealed record PlanAreaResponse(
    double MinLat, double MinLon, double MaxLat, double MaxLon, DateOnly FirstServiceDate, DateOnly LastServiceDate, string TimeZone, long SnapshotVersion, string Source,
    IReadOnlyList<SharedSystemDto> SharedSystems, int CarpoolOffers, IReadOnlyList<ParkAndRideDto> ParkAndRide);

/// <summary>A GBFS system the planner reads, and why its vehicles are left out when its feed is stale.</summary>
public sealed record SharedSystemDto(string SystemId, int Stations, int FreeFloatingVehicles, string? Stale);

public sealed record ParkAndRideDto(string Name, double Lat, double Lon);

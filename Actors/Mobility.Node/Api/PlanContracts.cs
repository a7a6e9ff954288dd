using System.Text.Json;
using Mobility.Routing.Planning;

namespace Mobility.Node.Api;

/// <summary>The answer of <c>GET /plan</c>: the request as understood, and the itineraries (possibly none, with why).</summary>
public sealed record PlanResponse(
    PlaceDto From,
    PlaceDto To,
    string Time,
    bool ArriveBy,
    IReadOnlyList<string> Modes,
    long SnapshotVersion,
    IReadOnlyList<ItineraryDto> Itineraries,
    string? Message);

/// <summary>One door-to-door itinerary; times carry the timetable zone's offset (ISO 8601).</summary>
public sealed record ItineraryDto(
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DurationSeconds,
    int Transfers,
    double WalkMeters,
    double BikeMeters,
    IReadOnlyList<LegDto> Legs)
{
    public static ItineraryDto Of(Itinerary i) => new(
        i.Departure, i.Arrival, (i.Arrival - i.Departure).TotalSeconds, i.Transfers, Math.Round(i.WalkMeters, 1), Math.Round(i.BikeMeters, 1),
        [.. i.Legs.Select(LegDto.Of)]);
}

/// <summary>A leg: its mode (walk, bike, transit), the operator and route of a transit leg, places, times, metres and a
/// GeoJSON LineString (RFC 7946 3.1.4).</summary>
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
    JsonElement Geometry)
{
    public static LegDto Of(Leg l)
    {
        using var geometry = JsonDocument.Parse(l.GeoJson);
        return new LegDto(
            l.Mode.ToString().ToLowerInvariant(), l.Operator, l.Route, l.RouteId, l.TripId, l.Headsign,
            PlaceDto.Of(l.From), PlaceDto.Of(l.To), l.Departure, l.Arrival, l.Duration.TotalSeconds, Math.Round(l.DistanceMeters, 1),
            geometry.RootElement.Clone());
    }
}

public sealed record PlaceDto(string Name, double Lat, double Lon, string? StopId)
{
    public static PlaceDto Of(Place p) => new(p.Name, p.Lat, p.Lon, p.StopId);
}

/// <summary>What <c>/plan</c> covers: the bounds of the street nodes and stops, the service period and its time zone.</summary>
public sealed record PlanAreaResponse(
    double MinLat, double MinLon, double MaxLat, double MaxLon, DateOnly FirstServiceDate, DateOnly LastServiceDate, string TimeZone, long SnapshotVersion, string Source);

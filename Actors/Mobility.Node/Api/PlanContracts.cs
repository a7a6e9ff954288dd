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
/// generalized cost in minutes (lower ranks first); <c>price</c> is the whole trip's price in minor units with its ISO
/// 4217 currency (<c>{amount, currency}</c>, issue 14's contract; transit legs from the feeds' GTFS fares), null when a
/// leg that costs something has no known price or legs are in several currencies, and then <c>priceNote</c> says
/// which; <c>co2Grams</c> uses the policy's per-mode factors.
/// </summary>
public sealed record ItineraryDto(
    DateTimeOffset Departure,
    DateTimeOffset Arrival,
    double DurationSeconds,
    int Transfers,
    double WalkMeters,
    double BikeMeters,
    double Cost,
    MoneyDto? Price,
    string? PriceNote,
    double Co2Grams,
    IReadOnlyList<LegDto> Legs)
{
    public static ItineraryDto Of(RankedItinerary r, RankingPolicy policy, Func<string, string?>? sharedOperator = null)
    {
        var i = r.Itinerary;
        var (total, note) = MoneyDto.Total(i.Legs);
        return new(
            i.Departure, i.Arrival, (i.Arrival - i.Departure).TotalSeconds, i.Transfers, Math.Round(i.WalkMeters, 1), Math.Round(i.BikeMeters, 1),
            Math.Round(r.Cost, 2), total, note, Math.Round(r.Criteria.Co2Grams, 1), [.. i.Legs.Select(l => LegDto.Of(l, policy, sharedOperator))]);
    }
}

/// <summary>An amount in minor units (cents) of an ISO 4217 currency.</summary>
public sealed record MoneyDto(long Amount, string Currency)
{
    /// <summary>The price of a whole itinerary, or null with the reason (<see cref="Mobility.Ticketing.Fares.ItineraryPrice"/>).</summary>
    public static (MoneyDto? Total, string? Note) Total(IReadOnlyList<Leg> legs)
    {
        var (total, note) = Mobility.Ticketing.Fares.ItineraryPrice.Total(legs);
        return (total is { } money ? new MoneyDto(money.Amount, money.Currency) : null, note);
    }
}

/// <summary>
/// A leg: its mode (walk, bike, transit, bikeshare, scooter, carpool, car), the operator (transit agency, GBFS system
/// id or carpool operator), the route of a transit leg, the trip or carpool offer id, the shared vehicle's type,
/// places (a GBFS station's id as <c>gbfs:ID</c>), times, metres, the traveler's price for the leg and its CO2, and a
/// GeoJSON LineString (RFC 7946 3.1.4). <c>estimated</c> marks a walk the street data could not route (an end off the
/// map extract, or parts of it the extract does not join): straight geometry, distance and time estimated from the
/// straight-line distance. <c>incentive</c> (carpool) says what the active campaigns would pay the passenger, already
/// taken off <c>price</c>: an estimate that assumes a class C proof and no per-traveler limit reached.
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
    IReadOnlyList<string>? FareProducts,
    double Co2Grams,
    bool Estimated,
    LegBookingDto? Booking,
    LegIncentiveDto? Incentive,
    JsonElement Geometry)
{
    public static LegDto Of(Leg l, RankingPolicy policy, Func<string, string?>? sharedOperator = null)
    {
        using var geometry = JsonDocument.Parse(l.GeoJson);
        return new LegDto(
            l.Mode.ToString().ToLowerInvariant(), l.Operator, l.Route, l.RouteId, l.TripId, l.Headsign,
            PlaceDto.Of(l.From), PlaceDto.Of(l.To), l.Departure, l.Arrival, l.Duration.TotalSeconds, Math.Round(l.DistanceMeters, 1),
            l.VehicleType, l.Price, l.Currency, l.FareProducts, Math.Round(ItineraryRanker.Co2Grams(l, policy), 1), l.Estimated, LegBookingDto.Of(l, sharedOperator),
            l.Incentive is { } i ? new LegIncentiveDto(i.Amount, i.Currency, i.Contribution, i.Campaigns) : null, geometry.RootElement.Clone());
    }
}

/// <summary>
/// How a leg is booked: the leg of <c>POST /trips</c> that holds it, ready to send as it is (<c>{"legs":[booking,
/// ...]}</c>). A carpool leg is booked at its operator, its resource being the offer (the leg's trip id), one seat; a
/// transit leg holds nothing but puts the ride (agency, route, stops, times) on the trip's ticket; a shared bike or
/// scooter is held at its GBFS system's operator (the vehicle, or a vehicle at the start station). Null where the node
/// books nothing: walking, cycling, a GBFS system whose id cannot be an operator id.
/// </summary>
public sealed record LegBookingDto(string Kind, string OperatorId, string ResourceId, int Seats, string? FromStop = null, string? ToStop = null,
    DateTimeOffset? Departs = null, DateTimeOffset? Arrives = null)
{
    /// <param name="sharedOperator">The operator of a GBFS system (<see cref="PlanMobility.OperatorOf"/>); without it shared vehicles are not bookable.</param>
    public static LegBookingDto? Of(Leg l, Func<string, string?>? sharedOperator = null) => l switch
    {
        { Mode: LegMode.BikeShare or LegMode.Scooter, Operator: { } system } when sharedOperator?.Invoke(system) is { } op && SharedResource(l) is { } resource =>
            new LegBookingDto("shared-vehicle", op, resource, 1, Departs: l.Departure, Arrives: l.Arrival),
        { Mode: LegMode.Carpool, Operator: { } op, TripId: { } offer } => new LegBookingDto("carpool", op, offer, 1, Departs: l.Departure, Arrives: l.Arrival),
        { Mode: LegMode.Transit, Operator: { } agency, RouteId: { } route } when TransitOperator(agency) is { } op =>
            new LegBookingDto("transit", op, route, 1, l.From.StopId, l.To.StopId, l.Departure, l.Arrival),
        _ => null,
    };

    /// <summary>The vehicle a shared leg rides (a free-floating one), else the station it starts at (<c>gbfs:ID</c>).</summary>
    private static string? SharedResource(Leg l) =>
        l.TripId ?? (l.From.StopId is { } stop && stop.StartsWith("gbfs:", StringComparison.Ordinal) ? stop["gbfs:".Length..] : null);

    /// <summary>
    /// The operator id of a transit agency as tickets and validators name it: its name in lower case, every run of other
    /// characters than a-z and 0-9 a single '-' ("Portland Streetcar" is portland-streetcar); null when nothing is left.
    /// </summary>
    public static string? TransitOperator(string agency)
    {
        var slug = System.Text.RegularExpressions.Regex.Replace(agency.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        slug = slug.Length > 63 ? slug[..63].TrimEnd('-') : slug;
        return Mobility.Actors.Operators.OperatorId.TryParse(slug, out _) ? slug : null;
    }
}

/// <summary>
/// Incentives the active campaigns would pay for a carpool leg: <c>amount</c> is taken off the leg's <c>price</c>,
/// <c>contribution</c> is the operator's price before it, <c>campaigns</c> the ids of the campaigns that pay.
/// </summary>
public sealed record LegIncentiveDto(decimal Amount, string Currency, decimal Contribution, IReadOnlyList<string> Campaigns);

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
    IReadOnlyList<SharedSystemDto> SharedSystems, int CarpoolOffers, IReadOnlyList<ParkAndRideDto> ParkAndRide, IReadOnlyList<RiderCategoryDto> RiderCategories);

/// <summary>A rider category the feeds price (<c>/plan?rider=ID</c>); <c>isDefault</c> for a feed's default category.</summary>
public sealed record RiderCategoryDto(string Id, bool IsDefault);

/// <summary>A GBFS system the planner reads, and why its vehicles are left out when its feed is stale.</summary>
public sealed record SharedSystemDto(string SystemId, int Stations, int FreeFloatingVehicles, string? Stale);

public sealed record ParkAndRideDto(string Name, double Lat, double Lon);

using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

namespace Mobility.Node.Api;

/// <summary>One leg to hold: <c>kind</c> carpool (resource: the offer id) or shared-vehicle (resource: the GBFS vehicle id).</summary>
public sealed record BookLegRequest(string? Kind, string? OperatorId, string? ResourceId, int? Seats);

/// <summary>Body of <c>POST /trips</c>; send an <c>Idempotency-Key</c> header so a retry gets the first answer.</summary>
/// <param name="Legs">1-8 legs to hold.</param>
/// <param name="HoldMinutes">How long the holds last before the booking expires unless committed: 1-60, default 10.</param>
public sealed record BookTripRequest(IReadOnlyList<BookLegRequest>? Legs, int? HoldMinutes);

public sealed record TripLegResponse(string Kind, string OperatorId, string ResourceId, int Seats);

/// <summary>A trip: <c>status</c> is ours (offered, pending, ...), <c>tompState</c> the TOMP-API 1.6.1 bookingState.</summary>
public sealed record TripResponse(
    string Id,
    string Status,
    string TompState,
    IReadOnlyList<TripLegResponse> Legs,
    IReadOnlyList<string> AcceptedBy,
    DateTimeOffset BookedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset UpdatedAt)
{
    public static TripResponse From(TripView v) => new(
        v.Id.Value,
        v.Status.ToString().ToLowerInvariant(),
        v.Status.TompName(),
        [.. v.Legs.Select(l => new TripLegResponse(LegKinds.Name(l.Kind), l.OperatorId.Value, l.ResourceId, l.Seats))],
        [.. v.AcceptedBy.Select(o => o.Value)],
        v.BookedAt,
        v.ExpiresAt,
        v.UpdatedAt);
}

public static class LegKinds
{
    public static string Name(LegKind kind) => kind == LegKind.Carpool ? "carpool" : "shared-vehicle";

    public static LegKind? Parse(string? text) => text switch
    {
        "carpool" => LegKind.Carpool,
        "shared-vehicle" => LegKind.SharedVehicle,
        _ => null,
    };
}

/// <summary>Body of <c>POST /operators/{id}/offers</c>.</summary>
public sealed record PublishOfferRequest(
    string? OfferId,
    PointRequest? Origin,
    PointRequest? Destination,
    DateTimeOffset? DepartEarliest,
    DateTimeOffset? DepartLatest,
    int? Seats,
    int? MaxDetourMinutes,
    PriceRuleRequest? Price);

public sealed record PointRequest(double Lat, double Lon);

public sealed record PriceRuleRequest(string? Currency, int BaseCents, int PerKmCents);

public sealed record OfferResponse(string OfferId, PointRequest Origin, PointRequest Destination, DateTimeOffset DepartEarliest, DateTimeOffset DepartLatest,
    int Seats, int SeatsFree, int MaxDetourMinutes, PriceRuleRequest Price)
{
    public static OfferResponse From(LiveOffer l) => new(
        l.Offer.OfferId, new(l.Offer.Origin.Lat, l.Offer.Origin.Lon), new(l.Offer.Destination.Lat, l.Offer.Destination.Lon),
        l.Offer.DepartEarliest, l.Offer.DepartLatest, l.Offer.Seats, l.SeatsFree, l.Offer.MaxDetourMinutes,
        new(l.Offer.Price.Currency, l.Offer.Price.BaseCents, l.Offer.Price.PerKmCents));
}

/// <summary>Body of <c>POST /operators/{id}/feeds</c>: a polled feed.</summary>
/// <param name="Kind">gbfs (the gbfs.json discovery URL) or gtfs-rt.</param>
public sealed record RegisterFeedRequest(string? Kind, string? Url);

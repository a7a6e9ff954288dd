using System.Text.Json;
using System.Text.Json.Serialization;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

namespace Mobility.Node.Api;

/// <summary>
/// One leg of a booking: <c>kind</c> carpool (resource: the offer id, seats held), shared-vehicle (resource: the GBFS
/// vehicle id, held) or transit (resource: the route id; nothing held, the ticket covers it). <c>fromStop</c>,
/// <c>toStop</c>, <c>departs</c> and <c>arrives</c> (with their offset, both or neither) are optional and say where and
/// when the trip's ticket is valid on the leg, as <c>/plan</c> answered them.
/// </summary>
public sealed record BookLegRequest(string? Kind, string? OperatorId, string? ResourceId, int? Seats, string? FromStop = null, string? ToStop = null,
    DateTimeOffset? Departs = null, DateTimeOffset? Arrives = null);

/// <summary>Body of <c>POST /trips</c>; send an <c>Idempotency-Key</c> header so a retry gets the first answer.</summary>
/// <param name="Legs">1-8 legs to hold.</param>
/// <param name="HoldMinutes">How long the holds last before the booking expires unless committed: 1-60, default 10.</param>
public sealed record BookTripRequest(IReadOnlyList<BookLegRequest>? Legs, int? HoldMinutes);

public sealed record TripLegResponse(string Kind, string OperatorId, string ResourceId, int Seats, string? FromStop, string? ToStop, DateTimeOffset? Departs, DateTimeOffset? Arrives);

/// <summary>A trip: <c>status</c> is ours (offered, pending, ...), <c>tompState</c> the TOMP-API 1.6.1 bookingState.</summary>
public sealed record TripResponse(
    string Id,
    string Status,
    string TompState,
    IReadOnlyList<TripLegResponse> Legs,
    IReadOnlyList<string> AcceptedBy,
    DateTimeOffset BookedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset UpdatedAt,
    string? TicketId)
{
    public static TripResponse From(TripView v) => new(
        v.Id.Value,
        v.Status.ToString().ToLowerInvariant(),
        v.Status.TompName(),
        [.. v.Legs.Select(l => new TripLegResponse(LegKinds.Name(l.Kind), l.OperatorId.Value, l.ResourceId, l.Seats, l.FromStop, l.ToStop, l.Departs, l.Arrives))],
        [.. v.AcceptedBy.Select(o => o.Value)],
        v.BookedAt,
        v.ExpiresAt,
        v.UpdatedAt,
        v.Ticket?.TicketId);
}

public static class LegKinds
{
    public static string Name(LegKind kind) => kind switch
    {
        LegKind.Carpool => "carpool",
        LegKind.SharedVehicle => "shared-vehicle",
        _ => "transit",
    };

    public static LegKind? Parse(string? text) => text switch
    {
        "carpool" => LegKind.Carpool,
        "shared-vehicle" => LegKind.SharedVehicle,
        "transit" => LegKind.Transit,
        _ => null,
    };
}

/// <summary>Body of <c>POST /operators/{id}/offers</c>.</summary>
/// <summary>
/// An offer as an operator publishes it. Read strictly (issue 13): an unknown member is refused rather than ignored,
/// a number sent as a string (<c>"seats":"3"</c>) is refused, and a time must carry its offset (<c>Z</c> or
/// <c>+01:00</c>): a time without one would be read in whatever zone the node's machine runs in.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record PublishOfferRequest(
    string? OfferId,
    PointRequest? Origin,
    PointRequest? Destination,
    [property: JsonConverter(typeof(OffsetTimeConverter))] DateTimeOffset? DepartEarliest,
    [property: JsonConverter(typeof(OffsetTimeConverter))] DateTimeOffset? DepartLatest,
    int? Seats,
    int? MaxDetourMinutes,
    PriceRuleRequest? Price);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record PointRequest(double Lat, double Lon);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record PriceRuleRequest(string? Currency, int BaseCents, int PerKmCents);

/// <summary>An RFC 3339 time that states its offset (<c>Z</c> or <c>±hh:mm</c>); anything else is refused.</summary>
public sealed partial class OffsetTimeConverter : JsonConverter<DateTimeOffset?>
{
    public const string NoOffset = "time without an offset";

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !WithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value))
        {
            throw new JsonException(NoOffset);
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial System.Text.RegularExpressions.Regex WithOffset();
}

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

using Mobility.Actors.Trips;

namespace Mobility.Actors.Operators;

/// <summary>A WGS84 position in degrees.</summary>
public readonly record struct GeoPoint(double Lat, double Lon)
{
    public bool IsValid => Lat is >= -90 and <= 90 && Lon is >= -180 and <= 180 && double.IsFinite(Lat) && double.IsFinite(Lon);
}

/// <summary>How a carpool leg is priced: a base plus a rate per kilometre ridden, in minor units of a currency.</summary>
public sealed record PriceRule(string Currency, int BaseCents, int PerKmCents);

/// <summary>
/// A driver's offer published by a carpool operator: the driver leaves <see cref="Origin"/> between
/// <see cref="DepartEarliest"/> and <see cref="DepartLatest"/> for <see cref="Destination"/> and accepts riders for
/// up to <see cref="MaxDetourMinutes"/> of extra driving.
/// </summary>
public sealed record CarpoolOffer(
    string OfferId,
    GeoPoint Origin,
    GeoPoint Destination,
    DateTimeOffset DepartEarliest,
    DateTimeOffset DepartLatest,
    int Seats,
    int MaxDetourMinutes,
    PriceRule Price)
{
    public const int MaxOfferIdLength = 64;
    public const int MaxSeats = 8;
    public const int MaxDetour = 120;
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(12);
    public static readonly TimeSpan MaxAdvance = TimeSpan.FromDays(90);

    /// <summary>Why the offer cannot be published at <paramref name="now"/>, as (field, reason), or null when it can.</summary>
    public (string Field, string Reason)? Problem(DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(OfferId) || OfferId.Length > MaxOfferIdLength || !OfferId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            return ("offerId", $"1-{MaxOfferIdLength} characters among A-Z, a-z, 0-9, '-', '_' and '.'.");
        }

        if (!Origin.IsValid)
        {
            return ("origin", "Latitude must be within [-90, 90] and longitude within [-180, 180].");
        }

        if (!Destination.IsValid)
        {
            return ("destination", "Latitude must be within [-90, 90] and longitude within [-180, 180].");
        }

        if (DepartEarliest < now)
        {
            return ("departEarliest", "The departure is in the past.");
        }

        if (DepartLatest < DepartEarliest || DepartLatest - DepartEarliest > MaxWindow)
        {
            return ("departLatest", $"The window must end after it starts and last at most {MaxWindow.TotalHours:0} h.");
        }

        if (DepartEarliest - now > MaxAdvance)
        {
            return ("departEarliest", $"Offers are published at most {MaxAdvance.TotalDays:0} days ahead.");
        }

        if (Seats is < 1 or > MaxSeats)
        {
            return ("seats", $"An offer has 1 to {MaxSeats} seats.");
        }

        if (MaxDetourMinutes is < 0 or > MaxDetour)
        {
            return ("maxDetourMinutes", $"The detour budget is 0 to {MaxDetour} minutes.");
        }

        if (Price is null || Price.Currency is not { Length: 3 } || !Price.Currency.All(char.IsAsciiLetterUpper)
            || Price.BaseCents is < 0 or > 100_000 || Price.PerKmCents is < 0 or > 10_000)
        {
            return ("price", "The price rule needs an ISO 4217 currency, baseCents in [0, 100000] and perKmCents in [0, 10000].");
        }

        return null;
    }
}

/// <summary>A resource held for a trip: seats of an offer, or a shared vehicle. Active while confirmed or before <see cref="Until"/>.</summary>
public sealed record ResourceHold(TripId TripId, LegKind Kind, string ResourceId, int Seats, DateTimeOffset Until, bool Confirmed)
{
    public bool IsActive(DateTimeOffset now) => Confirmed || now < Until;
}

/// <summary>A live offer as every node's planner sees it: the offer and the seats still free.</summary>
public sealed record LiveOffer(OperatorId OperatorId, CarpoolOffer Offer, int SeatsFree);

/// <summary>A polled feed the operator registered: GBFS discovery URL or GTFS-RT URL.</summary>
public sealed record FeedSource(FeedKind Kind, Uri Url, DateTimeOffset RegisteredAt);

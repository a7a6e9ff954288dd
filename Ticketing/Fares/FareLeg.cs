namespace Mobility.Ticketing.Fares;

/// <summary>
/// One transit leg to price: the feed it rides, its route, where it boards and alights and when (the fare
/// validation times of GTFS-Fares v2). <see cref="StopsPassed"/> (optional) lets v1 <c>contains_id</c> rules see the
/// zones crossed between the two ends.
/// </summary>
public sealed record FareLeg(
    string FeedId, string RouteId, string FromStopId, string ToStopId, DateTimeOffset Departure, DateTimeOffset Arrival,
    IReadOnlyList<string>? StopsPassed = null);

/// <summary>Who travels and with what: a rider category id (the feed's default when null or unknown to the feed) and a
/// fare_media_type (0 none/cash, 1 paper, 2 card, 3 cEMV, 4 app; any medium when null).</summary>
public sealed record FareRequest(string? RiderCategory = null, int? MediaType = null);

/// <summary>What a leg uses: a leg product, a transfer product, or a v1 fare.</summary>
public enum FareUseKind
{
    Leg,
    Transfer,
    FareV1,
}

/// <summary>One product applied to a leg, with the amount it adds there (minor units).</summary>
public sealed record FareProductUse(FareUseKind Kind, string ProductId, string Name, long Amount);

/// <summary>The price attributed to one leg: the products used and what the leg adds to the total.</summary>
public sealed record LegFare(int Leg, string FeedId, IReadOnlyList<FareProductUse> Products, long Amount, string? Currency);

/// <summary>
/// An itinerary's price: the total (null when a leg has no fare or the currencies differ), per-leg fares and what
/// was assumed or could not be priced.
/// </summary>
public sealed record FareQuote(Money? Total, IReadOnlyList<LegFare> Legs, IReadOnlyList<string> Notes);

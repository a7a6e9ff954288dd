namespace Mobility.Routing.Matching.Carpool;

/// <summary>A driver's offer: a trip the driver makes anyway, with room for riders.</summary>
/// <param name="DepartureEarliest">Earliest departure from <paramref name="Origin"/>.</param>
/// <param name="DepartureLatest">Latest departure from <paramref name="Origin"/>.</param>
/// <param name="Seats">Free seats for riders (driver not counted).</param>
/// <param name="MaxDetour">Extra time, over the direct trip, the driver accepts (driving and waiting).</param>
/// <param name="MaxRideTime">Longest time any rider may spend in this car.</param>
public sealed record DriverOffer(
    OfferId Id,
    string Operator,
    GeoPoint Origin,
    GeoPoint Destination,
    DateTimeOffset DepartureEarliest,
    DateTimeOffset DepartureLatest,
    int Seats,
    TimeSpan MaxDetour,
    TimeSpan MaxRideTime);

namespace Mobility.Routing.Matching.Carpool;

/// <summary>A rider's request: be picked up within a window and dropped off before a deadline.</summary>
/// <param name="MaxRideTime">Longest time the rider accepts in the car.</param>
/// <param name="Riders">People travelling together (seats needed).</param>
public sealed record RiderRequest(
    RequestId Id,
    GeoPoint Pickup,
    GeoPoint Dropoff,
    DateTimeOffset PickupEarliest,
    DateTimeOffset PickupLatest,
    DateTimeOffset DropoffLatest,
    TimeSpan MaxRideTime,
    int Riders = 1);

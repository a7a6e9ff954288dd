namespace Mobility.Routing.Matching.Carpool;

/// <summary>Checks offers and requests before matching; each problem is returned as a readable reason.</summary>
public static class CarpoolValidation
{
    public const int MaxSeats = 8;
    public static readonly TimeSpan MaxDetour = TimeSpan.FromHours(2);
    public static readonly TimeSpan MaxRideTime = TimeSpan.FromHours(6);
    public static readonly TimeSpan MaxWindow = TimeSpan.FromHours(12);

    public static IReadOnlyList<string> Validate(DriverOffer offer, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(offer.Id.Value) || offer.Id.Value.Length > 128) reasons.Add("offer id must have 1 to 128 characters");
        if (!offer.Origin.IsValid) reasons.Add("origin is not a valid WGS 84 position");
        if (!offer.Destination.IsValid) reasons.Add("destination is not a valid WGS 84 position");
        if (offer.DepartureLatest < now) reasons.Add($"departure window ends in the past ({offer.DepartureLatest:O} < now {now:O})");
        if (offer.DepartureEarliest > offer.DepartureLatest) reasons.Add("departure window is inverted (earliest after latest)");
        if (offer.DepartureLatest - offer.DepartureEarliest > MaxWindow) reasons.Add($"departure window longer than {MaxWindow}");
        if (offer.Seats < 1) reasons.Add($"seats must be at least 1 (got {offer.Seats})");
        if (offer.Seats > MaxSeats) reasons.Add($"seats must be at most {MaxSeats} (got {offer.Seats})");
        if (offer.MaxDetour < TimeSpan.Zero) reasons.Add($"detour budget must not be negative (got {offer.MaxDetour})");
        if (offer.MaxDetour > MaxDetour) reasons.Add($"detour budget must be at most {MaxDetour}");
        if (offer.MaxRideTime <= TimeSpan.Zero || offer.MaxRideTime > MaxRideTime) reasons.Add($"maximum ride time must be in (0, {MaxRideTime}]");
        return reasons;
    }

    public static IReadOnlyList<string> Validate(RiderRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reasons = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Id.Value) || request.Id.Value.Length > 128) reasons.Add("request id must have 1 to 128 characters");
        if (!request.Pickup.IsValid) reasons.Add("pickup is not a valid WGS 84 position");
        if (!request.Dropoff.IsValid) reasons.Add("dropoff is not a valid WGS 84 position");
        if (request.PickupLatest < now) reasons.Add($"pickup window ends in the past ({request.PickupLatest:O} < now {now:O})");
        if (request.PickupEarliest > request.PickupLatest) reasons.Add("pickup window is inverted (earliest after latest)");
        if (request.PickupLatest - request.PickupEarliest > MaxWindow) reasons.Add($"pickup window longer than {MaxWindow}");
        if (request.DropoffLatest < request.PickupEarliest) reasons.Add("dropoff deadline before the pickup window opens");
        if (request.Riders < 1 || request.Riders > MaxSeats) reasons.Add($"riders must be in [1, {MaxSeats}] (got {request.Riders})");
        if (request.MaxRideTime <= TimeSpan.Zero || request.MaxRideTime > MaxRideTime) reasons.Add($"maximum ride time must be in (0, {MaxRideTime}]");
        return reasons;
    }
}

using Mobility.Actors.Operators;

namespace Mobility.Actors.Trips;

/// <summary>What a leg is: what it holds at its operator, if anything.</summary>
public enum LegKind
{
    /// <summary>Seats in a driver's carpool offer (resource: the offer id); the operator accepts for its driver.</summary>
    Carpool = 1,

    /// <summary>One shared bike or scooter (resource: the GBFS vehicle id).</summary>
    SharedVehicle = 2,

    /// <summary>
    /// A ride on a transit line (resource: the route id). Nothing is held: the trip's ticket covers the leg and the
    /// operator's validators record the tap that charges it (account-based ticketing).
    /// </summary>
    Transit = 3,
}

/// <summary>
/// One leg of a trip. The stops and times are optional for held legs and say where and when the trip's ticket is
/// valid on the leg (a leg without times is valid for the ticket's whole window).
/// </summary>
public sealed record TripLeg(
    LegKind Kind,
    OperatorId OperatorId,
    string ResourceId,
    int Seats,
    string? FromStop = null,
    string? ToStop = null,
    DateTimeOffset? Departs = null,
    DateTimeOffset? Arrives = null)
{
    public const int MaxResourceIdLength = 128;
    public const int MaxSeats = 8;

    /// <summary>The longest a leg may last.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    /// <summary>Whether the leg holds something at its operator (a seat or a vehicle).</summary>
    public bool Holds => Kind != LegKind.Transit;

    /// <summary>Null when the leg is well formed, else what is wrong with it.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Kind) || string.IsNullOrWhiteSpace(ResourceId) || ResourceId.Length > MaxResourceIdLength
            || Seats is < 1 or > MaxSeats || (Kind == LegKind.SharedVehicle && Seats != 1))
        {
            return $"Each leg names its resource (1-{MaxResourceIdLength} characters) and 1-{MaxSeats} seats (1 for a shared vehicle).";
        }

        if (FromStop is { Length: 0 or > MaxResourceIdLength } || ToStop is { Length: 0 or > MaxResourceIdLength })
        {
            return $"A leg's stops have 1-{MaxResourceIdLength} characters.";
        }

        return (Departs, Arrives) switch
        {
            (null, null) => null,
            ({ } d, { } a) when a > d && a - d <= MaxDuration => null,
            _ => $"A leg gives both its departure and arrival, the arrival after the departure and within {MaxDuration.TotalHours:0} h.",
        };
    }
}

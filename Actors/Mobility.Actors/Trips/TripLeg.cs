using Mobility.Actors.Operators;

namespace Mobility.Actors.Trips;

/// <summary>What a leg holds at its operator.</summary>
public enum LegKind
{
    /// <summary>Seats in a driver's carpool offer (resource: the offer id); the operator accepts for its driver.</summary>
    Carpool = 1,

    /// <summary>One shared bike or scooter (resource: the GBFS vehicle id).</summary>
    SharedVehicle = 2,
}

/// <summary>One held resource of a trip.</summary>
public sealed record TripLeg(LegKind Kind, OperatorId OperatorId, string ResourceId, int Seats)
{
    public const int MaxResourceIdLength = 128;
    public const int MaxSeats = 8;
}

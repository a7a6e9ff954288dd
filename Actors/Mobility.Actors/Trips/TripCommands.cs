using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Trips;

/// <summary>Every message addressed to one trip entity names that trip.</summary>
public interface ITripMessage : IClusterMessage
{
    TripId TripId { get; }
}

/// <summary>A request to change a trip; answered with <see cref="TripReplies.Accepted"/> or <see cref="TripReplies.Rejected"/>.</summary>
public interface ITripCommand : ITripMessage;

/// <summary>The trip commands. Times come from the caller's <see cref="TimeProvider"/>; the state has no clock.</summary>
public static class TripCommands
{
    /// <summary>
    /// Books the legs, held until <paramref name="ExpiresAt"/>. <paramref name="Fingerprint"/> (a hash of the request body)
    /// tells a retry (same fingerprint: the first answer again) from a reused key (another body: a conflict).
    /// </summary>
    public sealed record Book(TripId TripId, TravelerId TravelerId, IReadOnlyList<TripLeg> Legs, string Fingerprint, DateTimeOffset At, DateTimeOffset ExpiresAt) : ITripCommand;

    /// <summary>The traveler commits (TOMP COMMIT): Confirmed, or Pending while a carpool operator has to accept.</summary>
    public sealed record Commit(TripId TripId, TravelerId TravelerId, DateTimeOffset At) : ITripCommand;

    /// <summary>A carpool operator of the trip accepts (its driver takes the rider) or denies.</summary>
    public sealed record Answer(TripId TripId, OperatorId OperatorId, bool Accept, DateTimeOffset At) : ITripCommand;

    public sealed record Start(TripId TripId, TravelerId TravelerId, DateTimeOffset At) : ITripCommand;

    public sealed record End(TripId TripId, TravelerId TravelerId, DateTimeOffset At) : ITripCommand;

    /// <summary>The traveler cancels (TOMP CANCEL) before starting.</summary>
    public sealed record Cancel(TripId TripId, TravelerId TravelerId, DateTimeOffset At) : ITripCommand;

    /// <summary>
    /// The traveler asks for the ticket of a confirmed trip; the first ask fixes its id and signing key
    /// (<paramref name="TicketId"/> and <paramref name="KeyId"/> are chosen by the node, since the state has no key).
    /// </summary>
    public sealed record IssueTicket(TripId TripId, TravelerId TravelerId, string TicketId, string KeyId, DateTimeOffset At) : ITripCommand;

    /// <summary>
    /// The entity's own message once the operators answered the holds of a requested booking: booked, or refused with
    /// <paramref name="Refusal"/> (then every hold placed is released).
    /// </summary>
    public sealed record HoldsPlaced(TripId TripId, TripReplies.Rejected? Refusal, DateTimeOffset At) : ITripCommand;

    /// <summary>The entity's own timer: an Offered or Pending trip past its expiry expires. Early or late ticks change nothing.</summary>
    public sealed record Expire(TripId TripId, DateTimeOffset At) : ITripCommand;
}

public static class TripQueries
{
    /// <summary>Answered with <see cref="TripReplies.Found"/> (whoever owns it: the caller checks) or <see cref="TripReplies.NotFound"/>.</summary>
    public sealed record Get(TripId TripId) : ITripMessage;
}

public static class TripReplies
{
    public sealed record Accepted(TripView Trip, bool Changed) : IClusterMessage;

    public sealed record Rejected(TripId TripId, TripRejection Kind, string Reason) : IClusterMessage;

    public sealed record Found(TripView Trip) : IClusterMessage;

    public sealed record NotFound(TripId TripId) : IClusterMessage;
}

/// <summary>Why a trip command was refused; the HTTP layer maps each to a status code.</summary>
public enum TripRejection
{
    /// <summary>Malformed command (400).</summary>
    Invalid = 1,

    /// <summary>No such trip (404).</summary>
    NotFound = 2,

    /// <summary>The caller is not the trip's traveler or operator (403, nothing said about the trip).</summary>
    NotYours = 3,

    /// <summary>The command does not apply in the trip's state (409).</summary>
    WrongState = 4,

    /// <summary>The idempotency key was used before for another request (422).</summary>
    KeyReused = 5,

    /// <summary>The trip expired before the command (410).</summary>
    Expired = 6,

    /// <summary>An operator has no such resource free (409).</summary>
    Unavailable = 7,

    /// <summary>A leg names an operator that is not registered (404).</summary>
    UnknownOperator = 8,

    /// <summary>An operator did not answer, or the booking was interrupted: nothing is held; book again with a new key (503).</summary>
    Interrupted = 9,
}

/// <summary>The read shape of a trip.</summary>
public sealed record TripView(
    TripId Id,
    TravelerId TravelerId,
    TripStatus Status,
    IReadOnlyList<TripLeg> Legs,
    IReadOnlyList<OperatorId> AcceptedBy,
    DateTimeOffset BookedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset UpdatedAt,
    TripTicket? Ticket = null);

/// <summary>The issued ticket of a trip: its id, the key that signs it and when it was issued.</summary>
public sealed record TripTicket(string TicketId, string KeyId, DateTimeOffset IssuedAt);

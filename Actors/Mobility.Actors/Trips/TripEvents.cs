using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Trips;

public interface ITripEvent : IPersistedEvent
{
    TripId TripId { get; }

    DateTimeOffset At { get; }
}

/// <summary>The trip's journal. Once stored never changed: a new shape is a new manifest.</summary>
public static class TripEvents
{
    /// <summary>
    /// The booking's first step, persisted before any hold is placed: after a crash the trip knows holds may exist
    /// and releases them. <see cref="Booked"/> follows once every leg is held, <see cref="Refused"/> otherwise.
    /// </summary>
    public sealed record HoldsRequested(TripId TripId, TravelerId TravelerId, IReadOnlyList<TripLeg> Legs, string Fingerprint, DateTimeOffset At, DateTimeOffset ExpiresAt) : ITripEvent;

    /// <summary>A leg was not held, or the booking was interrupted; <paramref name="Kind"/> and <paramref name="Reason"/> are answered to retries.</summary>
    public sealed record Refused(TripId TripId, TripRejection Kind, string Reason, DateTimeOffset At) : ITripEvent;

    public sealed record Booked(TripId TripId, TravelerId TravelerId, IReadOnlyList<TripLeg> Legs, string Fingerprint, DateTimeOffset At, DateTimeOffset ExpiresAt) : ITripEvent;

    /// <summary>Committed; <paramref name="Status"/> is Pending or Confirmed.</summary>
    public sealed record Committed(TripId TripId, TripStatus Status, DateTimeOffset At) : ITripEvent;

    /// <summary>An operator accepted; <paramref name="Confirmed"/> when it was the last one awaited.</summary>
    public sealed record OperatorAccepted(TripId TripId, OperatorId OperatorId, bool Confirmed, DateTimeOffset At) : ITripEvent;

    public sealed record Started(TripId TripId, DateTimeOffset At) : ITripEvent;

    public sealed record Ended(TripId TripId, DateTimeOffset At) : ITripEvent;

    /// <summary>Cancelled by the traveler, or by an operator's denial (<paramref name="By"/> names which).</summary>
    public sealed record Cancelled(TripId TripId, string By, DateTimeOffset At) : ITripEvent;

    public sealed record Expired(TripId TripId, DateTimeOffset At) : ITripEvent;

    /// <summary>
    /// The trip's ticket was issued: its id (the CWT id, the validators' replay key) and the key that signs it. The
    /// signed bytes are not stored: Ed25519 is deterministic, so the same claims and key give the same ticket again.
    /// </summary>
    public sealed record TicketIssued(TripId TripId, string TicketId, string KeyId, DateTimeOffset At) : ITripEvent;

    /// <summary>The trip was cancelled after its ticket was issued: the ticket goes on the deny list validators download.</summary>
    public sealed record TicketRevoked(TripId TripId, string TicketId, DateTimeOffset At) : ITripEvent;
}

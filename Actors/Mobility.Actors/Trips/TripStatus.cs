namespace Mobility.Actors.Trips;

/// <summary>
/// The booking lifecycle. TOMP-API 1.6.1 <c>bookingState</c> names are given by <see cref="TripStatuses.TompName"/>:
/// Offered is TOMP's NEW (held, not yet committed), Ended is FINISHED.
/// </summary>
public enum TripStatus
{
    /// <summary>Booked and holding its seats and vehicles until it expires, awaiting the traveler's commit.</summary>
    Offered = 1,

    /// <summary>Committed; a carpool operator still has to accept (its driver's seat).</summary>
    Pending = 2,

    Confirmed = 3,
    Started = 4,
    Ended = 5,
    Cancelled = 6,

    /// <summary>Not committed (or not accepted) before its expiry: its holds are released.</summary>
    Expired = 7,

    /// <summary>Recorded, its holds being placed at the operators (the booking's first persisted step).</summary>
    Requested = 8,

    /// <summary>A leg could not be held (or the booking was interrupted): whatever was held is released; the same request may try again.</summary>
    Refused = 9,
}

public static class TripStatuses
{
    public static string TompName(this TripStatus status) => status switch
    {
        TripStatus.Offered => "NEW",
        TripStatus.Pending => "PENDING",
        TripStatus.Confirmed => "CONFIRMED",
        TripStatus.Started => "STARTED",
        TripStatus.Ended => "FINISHED",
        TripStatus.Cancelled => "CANCELLED",
        TripStatus.Expired => "EXPIRED",
        TripStatus.Requested => "NEW",
        TripStatus.Refused => "REJECTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>True while the trip holds (or may hold) its resources.</summary>
    public static bool Holds(this TripStatus status) => status is TripStatus.Requested or TripStatus.Offered or TripStatus.Pending or TripStatus.Confirmed or TripStatus.Started;

    public static bool IsFinal(this TripStatus status) => status is TripStatus.Ended or TripStatus.Cancelled or TripStatus.Expired;

    /// <summary>Whether the operators' holds must be made permanent (true), released (false), or left as placed (null).</summary>
    public static bool? HoldsConfirmed(this TripStatus status) => status switch
    {
        TripStatus.Pending or TripStatus.Confirmed or TripStatus.Started => true,
        TripStatus.Ended or TripStatus.Cancelled or TripStatus.Expired or TripStatus.Refused => false,
        _ => null,
    };

    /// <summary>Every transition the state machine may take; a test checks no command sequence leaves this set.</summary>
    public static bool IsAllowed(TripStatus from, TripStatus to) => (from, to) switch
    {
        (TripStatus.Requested, TripStatus.Offered or TripStatus.Refused) => true,
        (TripStatus.Refused, TripStatus.Requested) => true,
        (TripStatus.Offered, TripStatus.Pending or TripStatus.Confirmed or TripStatus.Cancelled or TripStatus.Expired) => true,
        (TripStatus.Pending, TripStatus.Confirmed or TripStatus.Cancelled or TripStatus.Expired) => true,
        (TripStatus.Confirmed, TripStatus.Started or TripStatus.Cancelled) => true,
        (TripStatus.Started, TripStatus.Ended) => true,
        _ => false,
    };
}

using Mobility.Actors.Serialization;

namespace Mobility.Actors.Operators;

/// <summary>Every message addressed to one operator entity names that operator.</summary>
public interface IOperatorMessage : IClusterMessage
{
    OperatorId OperatorId { get; }
}

/// <summary>A request to change an operator; answered with an <see cref="OperatorReplies.Accepted"/> or <see cref="OperatorReplies.Rejected"/>.</summary>
public interface IOperatorCommand : IOperatorMessage;

/// <summary>The commands of the operator entity. The time is set by the caller from its <see cref="TimeProvider"/>.</summary>
public static class OperatorCommands
{
    /// <summary>Registers the operator; repeating the same registration is accepted without a new event.</summary>
    public sealed record Register(OperatorId OperatorId, string Name, string? ContactEmail, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Records a new version of one of its feeds, identified by the SHA-256 of its content.</summary>
    public sealed record RecordFeedVersion(OperatorId OperatorId, FeedKind Kind, string Sha256, Uri? Source, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Registers (or re-registers) a polled feed URL: GBFS discovery or GTFS-RT.</summary>
    public sealed record RegisterFeedSource(OperatorId OperatorId, FeedKind Kind, Uri Url, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Unregisters a polled feed URL (nothing changes when the operator has no such feed).</summary>
    public sealed record UnregisterFeedSource(OperatorId OperatorId, FeedKind Kind, Uri Url, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Publishes or replaces a carpool offer (same id and content again: no change).</summary>
    public sealed record PublishOffer(OperatorId OperatorId, CarpoolOffer Offer, DateTimeOffset At) : IOperatorCommand;

    public sealed record WithdrawOffer(OperatorId OperatorId, string OfferId, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Holds seats of an offer or a shared vehicle for a trip until <paramref name="Until"/>; idempotent per trip and resource.</summary>
    public sealed record PlaceHold(OperatorId OperatorId, Trips.TripId TripId, Trips.LegKind Kind, string ResourceId, int Seats, DateTimeOffset Until, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Makes a trip's holds permanent (the trip is committed).</summary>
    public sealed record ConfirmHolds(OperatorId OperatorId, Trips.TripId TripId, DateTimeOffset At) : IOperatorCommand;

    /// <summary>Frees a trip's holds (cancelled, expired or ended).</summary>
    public sealed record ReleaseHolds(OperatorId OperatorId, Trips.TripId TripId, DateTimeOffset At) : IOperatorCommand;
}

/// <summary>The queries of the operator entity.</summary>
public static class OperatorQueries
{
    /// <summary>Asks for the operator's current view; answered with <see cref="OperatorReplies.Found"/> or <see cref="OperatorReplies.NotFound"/>.</summary>
    public sealed record Get(OperatorId OperatorId) : IOperatorMessage;
}

/// <summary>What the operator entity answers.</summary>
public static class OperatorReplies
{
    public sealed record Accepted(OperatorView Operator, bool Changed) : IClusterMessage;

    public sealed record Rejected(OperatorId OperatorId, RejectionKind Kind, string Field, string Reason) : IClusterMessage;

    public sealed record Found(OperatorView Operator) : IClusterMessage;

    public sealed record NotFound(OperatorId OperatorId) : IClusterMessage;
}

/// <summary>Why a command was refused; the HTTP layer maps each to a status code.</summary>
public enum RejectionKind
{
    /// <summary>A field is malformed or out of its bounds (HTTP 400).</summary>
    Invalid = 1,

    /// <summary>The operator is not registered (HTTP 404).</summary>
    NotRegistered = 2,

    /// <summary>The command contradicts what is already recorded (HTTP 409).</summary>
    Conflict = 3,
}

/// <summary>The read shape of an operator.</summary>
public sealed record OperatorView(OperatorId Id, string Name, string? ContactEmail, DateTimeOffset RegisteredAt, IReadOnlyList<FeedVersion> Feeds)
{
    public IReadOnlyList<FeedSource> Sources { get; init; } = [];

    public IReadOnlyList<LiveOffer> Offers { get; init; } = [];

    /// <summary>Trips holding seats of the operator's carpool offers now, most recent hold last (at most
    /// <see cref="OperatorState.MaxTripsShown"/>): where the trips awaiting its acceptance are found.</summary>
    public IReadOnlyList<Trips.TripId> CarpoolTrips { get; init; } = [];
}

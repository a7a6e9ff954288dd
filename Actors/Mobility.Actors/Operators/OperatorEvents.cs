using Mobility.Actors.Serialization;

namespace Mobility.Actors.Operators;

/// <summary>An event in an operator's journal.</summary>
public interface IOperatorEvent : IPersistedEvent
{
    OperatorId OperatorId { get; }
}

/// <summary>The events of the operator entity. Once stored they are never changed: a new shape is a new manifest.</summary>
public static class OperatorEvents
{
    public sealed record Registered(OperatorId OperatorId, string Name, string? ContactEmail, DateTimeOffset At) : IOperatorEvent;

    public sealed record FeedVersionRecorded(OperatorId OperatorId, FeedKind Kind, int Number, string Sha256, Uri? Source, DateTimeOffset At) : IOperatorEvent;

    public sealed record FeedSourceRegistered(OperatorId OperatorId, FeedKind Kind, Uri Url, DateTimeOffset At) : IOperatorEvent;

    public sealed record FeedSourceUnregistered(OperatorId OperatorId, FeedKind Kind, Uri Url, DateTimeOffset At) : IOperatorEvent;

    public sealed record OfferPublished(OperatorId OperatorId, CarpoolOffer Offer, DateTimeOffset At) : IOperatorEvent;

    public sealed record OfferWithdrawn(OperatorId OperatorId, string OfferId, DateTimeOffset At) : IOperatorEvent;

    public sealed record HoldPlaced(OperatorId OperatorId, ResourceHold Hold, DateTimeOffset At) : IOperatorEvent;

    public sealed record HoldsConfirmed(OperatorId OperatorId, Trips.TripId TripId, DateTimeOffset At) : IOperatorEvent;

    public sealed record HoldsReleased(OperatorId OperatorId, Trips.TripId TripId, DateTimeOffset At) : IOperatorEvent;
}

/// <summary>One recorded version of a feed: its per-kind sequence number and content hash.</summary>
public sealed record FeedVersion(FeedKind Kind, int Number, string Sha256, Uri? Source, DateTimeOffset RecordedAt);

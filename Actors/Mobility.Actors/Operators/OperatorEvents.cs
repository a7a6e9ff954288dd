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
}

/// <summary>One recorded version of a feed: its per-kind sequence number and content hash.</summary>
public sealed record FeedVersion(FeedKind Kind, int Number, string Sha256, Uri? Source, DateTimeOffset RecordedAt);

using Akka.Cluster.Sharding;

namespace Mobility.Actors.Operators;

/// <summary>Routes operator messages by operator id.</summary>
public sealed class OperatorMessageExtractor() : HashCodeMessageExtractor(ShardCount)
{
    /// <summary>About ten shards per node of the largest cluster we plan for; fixed once data exists.</summary>
    public const int ShardCount = 50;

    public override string? EntityId(object message) => message is IOperatorMessage m ? m.OperatorId.Value : null;
}

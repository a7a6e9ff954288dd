using Mobility.Routing.Transit;

namespace Mobility.Node.Snapshots;

/// <summary>
/// Where request handlers find the current routing snapshot, and where feed updates publish a new one. Readers take
/// <see cref="Current"/> once per request and use that instance to the end, so a swap never disturbs a request in flight.
/// </summary>
public interface IRoutingSnapshotSource
{
    /// <summary>The snapshot to use, or null while the first one is being built (or when none can be).</summary>
    RoutingSnapshot? Current { get; }

    /// <summary>Incremented by each swap (0 before the first snapshot).</summary>
    long Version { get; }

    /// <summary>Why there is no snapshot yet, when <see cref="Current"/> is null.</summary>
    string Status { get; }

    /// <summary>Publishes <paramref name="next"/> atomically and returns the snapshot it replaced (null for the first).</summary>
    RoutingSnapshot? Swap(RoutingSnapshot next);
}

/// <summary>The node's single <see cref="IRoutingSnapshotSource"/>, over a <see cref="SnapshotHolder{T}"/>.</summary>
public sealed class RoutingSnapshotSource : IRoutingSnapshotSource
{
    private readonly Lock _gate = new();
    private volatile SnapshotHolder<RoutingSnapshot>? _holder;
    private volatile string _status = "building the routing snapshot";

    public RoutingSnapshot? Current => _holder?.Current;

    public long Version => _holder?.Version ?? 0;

    public string Status => _status;

    public RoutingSnapshot? Swap(RoutingSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (_holder is { } holder)
        {
            return holder.Swap(next);
        }

        lock (_gate)
        {
            if (_holder is { } raced)
            {
                return raced.Swap(next);
            }

            var first = new SnapshotHolder<RoutingSnapshot>(next);
            first.Swap(next); // Version 1: the first published snapshot.
            _holder = first;
            _status = "ready";
            return null;
        }
    }

    /// <summary>Records why no snapshot will come (no street network configured, or its build failed).</summary>
    public void MarkUnavailable(string reason)
    {
        _status = reason;
        Unavailable = true;
    }

    /// <summary>True when no snapshot will be built (see <see cref="Status"/>): readiness does not wait for it.</summary>
    public bool Unavailable { get; private set; }
}

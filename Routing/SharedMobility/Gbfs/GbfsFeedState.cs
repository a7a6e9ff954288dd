using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// The live state of one GBFS system: the last good snapshot, kept while later loads fail (a wrong version, a missing
/// field, a stale file) so planners keep using it, and the problems of the last attempt. Reads are lock-free; the
/// snapshot reference is swapped atomically.
/// </summary>
public sealed class GbfsFeedState(IGbfsSource source, TimeProvider time, GbfsReadOptions? options = null)
{
    private readonly GbfsReadOptions _options = options ?? GbfsReadOptions.Default;
    private readonly Lock _applyLock = new();
    private volatile Holder _holder = new(null, null, null);

    /// <summary>The last snapshot that loaded without error, or null before the first success.</summary>
    public GbfsSnapshot? Current => _holder.Snapshot;

    /// <summary>The result of the last attempt, good or bad.</summary>
    public GbfsLoadResult? LastAttempt => _holder.LastAttempt;

    /// <summary>When <see cref="Current"/> was loaded.</summary>
    public DateTimeOffset? LoadedAt => _holder.LoadedAt;

    /// <summary>The errors that kept the last attempt from replacing <see cref="Current"/>; empty after a success.</summary>
    public ImmutableArray<GbfsProblem> LastErrors => _holder.LastAttempt?.Errors ?? [];

    public async Task<GbfsLoadResult> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var result = await GbfsReader.ReadAsync(source, time, _options, cancellationToken).ConfigureAwait(false);
        Apply(result);
        return result;
    }

    /// <summary>Takes a load result: a success replaces the snapshot, a failure only records why.</summary>
    public bool Apply(GbfsLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_applyLock)
        {
            var old = _holder;
            if (result.Succeeded && old.LoadedAt > result.LoadedAt)
            {
                // A slower, older load finishing last must not replace a newer snapshot.
                _holder = old with { LastAttempt = result };
                return false;
            }

            _holder = result.Succeeded ? new Holder(result.Snapshot, result, result.LoadedAt) : old with { LastAttempt = result };
            return result.Succeeded;
        }
    }

    /// <summary>
    /// Whether the current snapshot's near-realtime files have aged past the policy (the planner should then say the
    /// availability may be out of date, while still using it).
    /// </summary>
    public bool IsStale()
    {
        var snapshot = Current;
        if (snapshot is null)
        {
            return true;
        }

        var now = time.GetUtcNow();
        var policy = _options.Freshness ?? GbfsFreshnessPolicy.Default;
        return snapshot.Feeds.Values.Any(f => GbfsFreshnessPolicy.RealtimeFeeds.Contains(f.Name) && policy.Check(f, now) is not null);
    }

    /// <summary>How long to wait before the next refresh: until the first file's ttl runs out, at least a second.</summary>
    public TimeSpan NextRefreshIn()
    {
        var snapshot = Current;
        if (snapshot is null)
        {
            return TimeSpan.FromSeconds(10);
        }

        var wait = snapshot.ExpiresAt - time.GetUtcNow();
        return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
    }

    private sealed record Holder(GbfsSnapshot? Snapshot, GbfsLoadResult? LastAttempt, DateTimeOffset? LoadedAt);
}

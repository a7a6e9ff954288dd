using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Planning.SharedVehicles;

/// <summary>
/// One GBFS system as the planner sees it: the snapshot and whether its realtime files are past their ttl. A stale
/// system's vehicles are not offered (their availability cannot be trusted) and the answer says so.
/// </summary>
public sealed record SharedMobilityFeed(GbfsSnapshot Snapshot, string? StaleReason = null)
{
    public bool IsStale => StaleReason is not null;

    public string SystemId => Snapshot.System.SystemId;

    /// <summary>Checks every realtime file of the snapshot against <paramref name="policy"/> at <paramref name="now"/>.</summary>
    public static SharedMobilityFeed Check(GbfsSnapshot snapshot, GbfsFreshnessPolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(policy);
        var reasons = snapshot.Feeds.Values
            .Where(f => GbfsFreshnessPolicy.RealtimeFeeds.Contains(f.Name))
            .Select(f => policy.Check(f, now))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new SharedMobilityFeed(snapshot, reasons.Count == 0 ? null : string.Join("; ", reasons));
    }
}

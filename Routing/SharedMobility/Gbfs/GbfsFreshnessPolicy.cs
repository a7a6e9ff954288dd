namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// When a file is too old to use. A file is stale once now - last_updated exceeds max(ttl, MinimumTtl) + Tolerance:
/// ttl says when the publisher updates it ("0 if data should always be refreshed"), so a floor keeps ttl 0 from
/// making every fetched file stale at once. GBFS "Data Latency": near-realtime data SHOULD never be more than 5
/// minutes out of date. A last_updated further in the future than MaxClockSkew is also refused.
/// </summary>
public sealed record GbfsFreshnessPolicy(TimeSpan MinimumTtl, TimeSpan Tolerance, TimeSpan MaxClockSkew)
{
    public static readonly GbfsFreshnessPolicy Default = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(5));

    /// <summary>No age limit: for archived snapshots and fixtures.</summary>
    public static readonly GbfsFreshnessPolicy Ignore = new(TimeSpan.MaxValue / 4, TimeSpan.Zero, TimeSpan.MaxValue / 4);

    /// <summary>The near-realtime files: stale ones are rejected; stale static files only raise a warning.</summary>
    public static readonly IReadOnlySet<string> RealtimeFeeds = new HashSet<string>(StringComparer.Ordinal)
    {
        "station_status", "vehicle_status", "free_bike_status",
    };

    public string? Check(GbfsFeedInfo info, DateTimeOffset now)
    {
        var age = now - info.LastUpdated;
        if (-age > MaxClockSkew)
        {
            return $"last_updated {info.LastUpdated:O} is {(-age).TotalSeconds:F0} s in the future";
        }

        var ttl = TimeSpan.FromSeconds(info.TtlSeconds);
        var allowed = (ttl > MinimumTtl ? ttl : MinimumTtl) + Tolerance;
        return age > allowed
            ? $"stale: last_updated {info.LastUpdated:O} is {age.TotalSeconds:F0} s old, beyond ttl {info.TtlSeconds} s (allowed {allowed.TotalSeconds:F0} s)"
            : null;
    }
}

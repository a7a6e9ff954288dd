using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mobility.Node.Snapshots;

/// <summary>
/// Ready when the routing snapshot is published. A node configured without a street network is ready (nothing to wait
/// for; the check says why <c>/plan</c> answers 503); a node still building its snapshot is not ready.
/// </summary>
public sealed class RoutingReadyCheck(RoutingSnapshotSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(source.Current switch
        {
            { } s => HealthCheckResult.Healthy($"snapshot v{source.Version}: {s.Planner.Timetable.StopCount} stops, {s.Streets.NodeCount} street nodes"),
            null when source.Unavailable => HealthCheckResult.Healthy(source.Status),
            _ => HealthCheckResult.Unhealthy(source.Status),
        });
}

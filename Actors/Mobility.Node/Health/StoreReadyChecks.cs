using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mobility.Actors.Carpool;
using Mobility.Node.Tickets;

namespace Mobility.Node.Health;

/// <summary>
/// Ready when the transparency log answers a checkpoint within <see cref="Wait"/>. The log's store
/// (<c>carpool/log.db</c>, or the <c>tlog</c> schema) is opened by its singleton, which rehashes every leaf: a store
/// that passed the start-up check but fails that one leaves the singleton stopped, and this check says so instead of
/// a Ready node whose <c>/log</c> requests wait. In a cluster the singleton lives on the oldest node: while it is
/// handed over (seconds) every node reports this check unhealthy, so a probe should tolerate a few failures
/// (deploy/ sets failureThreshold accordingly).
/// </summary>
public sealed class LogReadyCheck(IRequiredActor<LogSingleton> log) : IHealthCheck
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var reply = await log.ActorRef.Ask<object>(new LogMessages.GetCheckpoint(), Wait, cancellationToken);
            return reply is LogMessages.CheckpointNote note
                ? HealthCheckResult.Healthy($"transparency log answers (size {note.Size})")
                : HealthCheckResult.Unhealthy($"transparency log answered {reply.GetType().Name}");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Unhealthy($"transparency log does not answer within {Wait.TotalSeconds:0} s (its store could not be opened, or its singleton is moving; see the node's log)");
        }
    }
}

/// <summary>
/// Ready when the ticket keys read at start can still sign: <c>tickets/keys.json</c> is there and the active key has
/// not expired (a key is rotated at start, so a node running past a key's end needs a restart, and says so).
/// </summary>
public sealed class TicketKeysReadyCheck(TicketingContext tickets, Configuration.NodeSettings settings, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var list = Path.Combine(settings.DataFolder, TicketKeyRing.Folder, TicketKeyRing.ListFile);
        var active = tickets.Keys.Active;
        return Task.FromResult(
            !File.Exists(list) ? HealthCheckResult.Unhealthy($"'{list}' is gone: validators could not fetch the keys after a restart")
            : active.NotAfter <= clock.GetUtcNow() ? HealthCheckResult.Unhealthy($"ticket key {active.Kid} expired at {active.NotAfter:u}; restart the node to rotate it")
            : HealthCheckResult.Healthy($"ticket key {active.Kid} signs until {active.NotAfter:u}"));
    }
}

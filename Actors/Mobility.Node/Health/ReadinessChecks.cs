using Akka.Actor;
using Akka.Cluster;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mobility.Node.City;
using Mobility.Node.Configuration;
using Npgsql;

namespace Mobility.Node.Health;

/// <summary>Ready when this node is an Up member of its cluster.</summary>
public sealed class ClusterReadyCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        var status = cluster.SelfMember.Status;
        var description = $"{cluster.SelfAddress} is {status}";
        return Task.FromResult(status == MemberStatus.Up ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description));
    }
}

/// <summary>Ready when the event store answers a query within two seconds.</summary>
public sealed class PersistenceReadyCheck(NodeSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        var storage = settings.Storage;
        try
        {
            await using System.Data.Common.DbConnection connection = storage.Provider == StorageProvider.Sqlite
                ? new SqliteConnection(new SqliteConnectionStringBuilder(storage.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString)
                : new NpgsqlConnection(storage.ConnectionString);
            await connection.OpenAsync(timeout.Token);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy($"{storage.Provider.ToString().ToLowerInvariant()} answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{storage.Provider.ToString().ToLowerInvariant()} does not answer: {e.Message}");
        }
    }
}

/// <summary>Ready when the city's feeds are loaded.</summary>
public sealed class CityReadyCheck(CityCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.Status switch
        {
            CityStatus.Loaded l => HealthCheckResult.Healthy($"{l.Name}: {string.Join("; ", l.Feeds)}"),
            CityStatus.Failed f => HealthCheckResult.Unhealthy(f.Problem),
            _ => HealthCheckResult.Unhealthy("loading"),
        });
}

using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mobility.Node.Health;

public static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddNodeHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ClusterReadyCheck>("cluster", tags: [ReadyTag])
            .AddCheck<PersistenceReadyCheck>("persistence", tags: [ReadyTag])
            .AddCheck<CityReadyCheck>("city", tags: [ReadyTag])
            .AddCheck<LogReadyCheck>("log", tags: [ReadyTag])
            .AddCheck<TicketKeysReadyCheck>("tickets", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/health/live</c>: the process answers. <c>/health/ready</c>: cluster up, every store answering (event store,
    /// transparency log, ticket keys), city and routing snapshot loaded (503 with Retry-After otherwise).
    /// </summary>
    public static IEndpointRouteBuilder MapNodeHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJson })
            .WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJson })
            .WithTags("Health");
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }));
    }
}

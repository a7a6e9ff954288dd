using Mobility.CarpoolProof.Rules;

namespace Mobility.Node.Snapshots;

/// <summary>Registers the routing snapshot singleton, its loader, its readiness check and the car route estimator.</summary>
public static class RoutingServices
{
    public static IServiceCollection AddRoutingSnapshot(this IServiceCollection services)
    {
        services.AddSingleton<RoutingSnapshotSource>();
        services.AddSingleton<IRoutingSnapshotSource>(sp => sp.GetRequiredService<RoutingSnapshotSource>());
        services.AddSingleton<RealtimeTimetables>();
        services.AddSingleton<RoutingSnapshotLoader>();
        services.AddSingleton(sp => new OperatorTimetables(sp.GetRequiredService<RealtimeTimetables>(), sp.GetRequiredService<Configuration.NodeSettings>().DataFolder));
        services.AddSingleton<SharedUploads>();
        services.AddHostedService<UploadFollower>();
        services.AddSingleton<IRouteEstimator, StreetRouteEstimator>();
        // The tag of HealthEndpoints: checks tagged "ready" make /health/ready.
        services.AddHealthChecks().AddCheck<RoutingReadyCheck>("routing", tags: ["ready"]);
        return services;
    }
}

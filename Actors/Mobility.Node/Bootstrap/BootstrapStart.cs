using Akka.Actor;
using Akka.Management.Dsl;
using Akka.Management.Cluster.Bootstrap;
using Mobility.Node.Configuration;

namespace Mobility.Node.Bootstrap;

/// <summary>
/// Starts Akka.Management's Cluster Bootstrap once the node's HTTP endpoint is bound (a probe must find it answering).
/// Bootstrap needs to know its own contact point to recognise itself among the discovered ones (only the lowest one
/// forms a new cluster): that is this node's advertised host (<c>Cluster:Host</c>, the pod IP on Kubernetes) and the
/// HTTP port actually bound. Akka.Management learns it from the route provider settings of the server that serves its
/// routes; here that server is Kestrel, so the same settings are handed over without starting Akka.Management's own.
/// </summary>
public static class BootstrapStart
{
    public static void Begin(ActorSystem system, ClusterSettings cluster, int boundHttpPort)
    {
        if (cluster.Bootstrap is null)
        {
            return;
        }

        var host = cluster.Host.Contains(':', StringComparison.Ordinal) ? $"[{cluster.Host}]" : cluster.Host;
        var self = new Uri($"http://{host}:{boundHttpPort}/");
        var bootstrap = ClusterBootstrap.Get(system);
        _ = bootstrap.Routes(ManagementRouteProviderSettings.Create(self, true));

        // Start completes once the coordinator is told to begin; its decisions (join, form, keep probing) are logged
        // by Akka.Management under the ClusterBootstrap and bootstrapCoordinator sources.
        _ = bootstrap.Start();
    }
}

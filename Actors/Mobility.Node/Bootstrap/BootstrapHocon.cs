using System.Globalization;
using Mobility.Node.Configuration;

namespace Mobility.Node.Bootstrap;

/// <summary>
/// The Akka configuration of Cluster Bootstrap and its discovery, from the node's <c>Cluster:Bootstrap</c> settings.
/// Akka.Management's own HTTP server is never started (its Akka.Http.Shim cannot run on the Ceen.Httpd the package
/// source serves, docs/operations.md): the node's Kestrel answers the contact point (<see cref="ContactPoint"/>), so
/// the keys that describe that server are the node's HTTP ones.
/// </summary>
public static class BootstrapHocon
{
    public static string For(BootstrapSettings bootstrap, int httpPort)
    {
        var discovery = bootstrap.Discovery switch
        {
            DiscoveryMethod.Config => $"""
                akka.discovery.method = config
                akka.discovery.config.services.{bootstrap.ServiceName}.endpoints = [{string.Join(", ", bootstrap.ContactPoints.Select(Quote))}]
                """,
            DiscoveryMethod.KubernetesApi => $"""
                akka.discovery.method = kubernetes-api
                akka.discovery.kubernetes-api.pod-label-selector = {Quote(bootstrap.PodLabelSelector)}
                akka.management.cluster.bootstrap.contact-point-discovery.port-name = {Quote(bootstrap.PortName)}
                """,
            _ => throw new ArgumentOutOfRangeException(nameof(bootstrap)),
        };
        var margin = ((int)bootstrap.StableMargin.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

        // filter-on-fallback-port off: every contact point carries its port (config lists host:port, Kubernetes a named
        // port), and several nodes on one host (loopback) differ only by port. The fallback port is named so that the
        // coordinator never creates the Akka.Management extension to read its default (8558).
        return $"""
            {discovery}
            akka.management.cluster.bootstrap {"{"}
              contact-point-discovery {"{"}
                service-name = {Quote(bootstrap.ServiceName)}
                discovery-method = akka.discovery
                required-contact-point-nr = {bootstrap.RequiredContactPoints.ToString(CultureInfo.InvariantCulture)}
                stable-margin = {margin}ms
                contact-with-all-contact-points = true
              {"}"}
              contact-point {"{"}
                fallback-port = {httpPort.ToString(CultureInfo.InvariantCulture)}
                filter-on-fallback-port = false
                probe-interval = 1s
              {"}"}
            {"}"}
            """;
    }

    // Values were validated (host:port, DNS labels, label selectors): no quote or backslash to escape.
    private static string Quote(string value) => "\"" + value + "\"";
}

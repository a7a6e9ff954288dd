using Microsoft.Extensions.Configuration;
using Mobility.Node.Configuration;
using Mobility.Tests.Shared;
using YamlDotNet.RepresentationModel;

namespace Mobility.Node.Tests.Deploy;

/// <summary>
/// deploy/kubernetes read as Kubernetes reads it (YAML documents) and checked against the node: the settings the
/// Deployment sets are settings the node accepts and that turn on Kubernetes API discovery of these very pods, at the
/// port the node's HTTP endpoint listens on; the probes are the node's health paths; the services and RBAC fit.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = Path.Combine(SharedData.RepositoryRoot(), "deploy", "kubernetes");

    /// <summary>Every object of every manifest, by kind and name.</summary>
    private static readonly Lazy<Dictionary<string, YamlMappingNode>> Objects = new(() =>
    {
        var objects = new Dictionary<string, YamlMappingNode>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file))
            {
                stream.Load(reader);
            }

            foreach (var document in stream.Documents)
            {
                var root = (YamlMappingNode)document.RootNode;
                var key = $"{Scalar(root, "kind")}/{Scalar(root, "metadata", "name")}";
                Assert.True(objects.TryAdd(key, root), $"{key} is defined twice ({Path.GetFileName(file)})");
            }
        }

        return objects;
    });

    private static YamlMappingNode Get(string kindAndName) =>
        Objects.Value.TryGetValue(kindAndName, out var node) ? node : throw new Xunit.Sdk.XunitException($"{kindAndName} missing from deploy/kubernetes");

    private static YamlMappingNode Container => (YamlMappingNode)Sequence(Get("Deployment/mobility"), "spec", "template", "spec", "containers").Single(c => Scalar(c, "name") == "mobility");

    [Fact]
    public void The_deployment_runs_three_nodes_whose_settings_the_node_accepts_and_that_bootstrap_through_the_kubernetes_api()
    {
        var deployment = Get("Deployment/mobility");
        Assert.Equal("3", Scalar(deployment, "spec", "replicas"));
        Assert.Equal("0", Scalar(deployment, "spec", "strategy", "rollingUpdate", "maxUnavailable"));

        var settings = NodeSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(Environment()).Build());
        var bootstrap = settings.Cluster.Bootstrap;
        Assert.NotNull(bootstrap);
        Assert.Equal(DiscoveryMethod.KubernetesApi, bootstrap.Discovery);
        Assert.Empty(settings.Cluster.SeedNodes);
        Assert.Equal(StorageProvider.Postgres, settings.Storage.Provider);
        Assert.InRange(bootstrap.RequiredContactPoints, 1, int.Parse(Scalar(deployment, "spec", "replicas"), System.Globalization.CultureInfo.InvariantCulture));

        // The address other nodes reach this one at is the pod's own IP (downward API).
        var hostVariable = Sequence(Container, "env").Single(e => Scalar(e, "name") == "MOBILITY__CLUSTER__HOST");
        Assert.Equal("status.podIP", Scalar(hostVariable, "valueFrom", "fieldRef", "fieldPath"));

        // Discovery finds these pods: the selector matches the pod template's labels, and the named port is the one
        // the node's HTTP endpoint (which answers the contact point) listens on; remoting is the cluster port.
        var podLabels = Labels(Map(deployment, "spec", "template", "metadata", "labels"));
        foreach (var (key, value) in bootstrap.PodLabelSelector.Split(',').Select(p => p.Split('=')).Select(p => (p[0], p[1])))
        {
            Assert.Equal(value, podLabels.GetValueOrDefault(key));
        }

        Assert.Equal(settings.HttpUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ContainerPort(bootstrap.PortName));
        Assert.Equal(settings.Cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ContainerPort("remoting"));
        Assert.Equal("0.0.0.0", settings.HttpUrl.Host);
    }

    [Fact]
    public void The_probes_ask_the_nodes_health_endpoints_on_its_http_port()
    {
        Assert.Equal("/health/ready", Scalar(Container, "readinessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Scalar(Container, "livenessProbe", "httpGet", "path"));
        Assert.Equal("/health/live", Scalar(Container, "startupProbe", "httpGet", "path"));
        foreach (var probe in (string[])["readinessProbe", "livenessProbe", "startupProbe"])
        {
            Assert.Equal("http", Scalar(Container, probe, "httpGet", "port"));
        }
    }

    [Fact]
    public void The_services_select_the_pods_and_the_headless_one_publishes_nodes_that_are_not_ready_yet()
    {
        var podLabels = Labels(Map(Get("Deployment/mobility"), "spec", "template", "metadata", "labels"));
        Assert.Equal(podLabels["app"], Labels(Map(Get("Deployment/mobility"), "spec", "selector", "matchLabels"))["app"]);
        foreach (var name in (string[])["Service/mobility", "Service/mobility-nodes"])
        {
            var selector = Labels(Map(Get(name), "spec", "selector"));
            Assert.All(selector, kv => Assert.Equal(kv.Value, podLabels.GetValueOrDefault(kv.Key)));
            Assert.All(Sequence(Get(name), "spec", "ports"), p => Assert.Contains(Scalar(p, "targetPort"), (string[])["http", "remoting"]));
        }

        var nodes = Get("Service/mobility-nodes");
        Assert.Equal("None", Scalar(nodes, "spec", "clusterIP"));
        Assert.Equal("true", Scalar(nodes, "spec", "publishNotReadyAddresses"));
    }

    [Fact]
    public void The_nodes_service_account_may_list_pods_and_nothing_else()
    {
        var account = Scalar(Get("Deployment/mobility"), "spec", "template", "spec", "serviceAccountName");
        Get("ServiceAccount/" + account);
        var binding = Objects.Value.Values.Single(o => Scalar(o, "kind") == "RoleBinding");
        Assert.Contains(Sequence(binding, "subjects"), s => Scalar(s, "kind") == "ServiceAccount" && Scalar(s, "name") == account);
        var role = Get("Role/" + Scalar(binding, "roleRef", "name"));
        var rule = Assert.Single(Sequence(role, "rules"));
        Assert.Equal(["pods"], Sequence(rule, "resources").Select(r => ((YamlScalarNode)r).Value));
        Assert.Equal(["get", "list", "watch"], Sequence(rule, "verbs").Select(r => ((YamlScalarNode)r).Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Only_the_nodes_reach_the_remoting_port()
    {
        var policy = Get("NetworkPolicy/mobility-remoting");
        var podLabels = Labels(Map(Get("Deployment/mobility"), "spec", "template", "metadata", "labels"));
        Assert.Equal(podLabels["app"], Labels(Map(policy, "spec", "podSelector", "matchLabels"))["app"]);
        var rules = Sequence(policy, "spec", "ingress");
        var remoting = Assert.Single(rules, r => Sequence(r, "ports").Any(p => Scalar(p, "port") == "remoting"));
        Assert.Equal(podLabels["app"], Labels(Map((YamlMappingNode)Sequence(remoting, "from").Single(), "podSelector", "matchLabels"))["app"]);
    }

    /// <summary>The container's env as configuration: literal values as written, secrets and the pod IP as samples.</summary>
    private static Dictionary<string, string?> Environment()
    {
        var samples = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["status.podIP"] = "10.1.2.3",
            ["mobility-store/connection-string"] = "Host=postgres;Database=mobility;Username=mobility",
            ["mobility-auth/token-secret"] = Convert.ToBase64String(new byte[32]),
        };
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var variable in Sequence(Container, "env"))
        {
            var name = Scalar(variable, "name");
            Assert.StartsWith("MOBILITY__", name, StringComparison.Ordinal);
            var value = ((YamlMappingNode)variable).Children.ContainsKey("value")
                ? Scalar(variable, "value")
                : ((YamlMappingNode)variable).Children.ContainsKey("valueFrom") && Map(variable, "valueFrom").Children.ContainsKey("fieldRef")
                    ? samples[Scalar(variable, "valueFrom", "fieldRef", "fieldPath")]
                    : samples[$"{Scalar(variable, "valueFrom", "secretKeyRef", "name")}/{Scalar(variable, "valueFrom", "secretKeyRef", "key")}"];
            values[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return values;
    }

    private static string ContainerPort(string name) =>
        Scalar(Sequence(Container, "ports").Single(p => Scalar(p, "name") == name), "containerPort");

    private static Dictionary<string, string> Labels(YamlMappingNode node) =>
        node.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value!, StringComparer.Ordinal);

    private static YamlMappingNode Map(YamlNode node, params string[] path) => (YamlMappingNode)Walk(node, path);

    private static IReadOnlyList<YamlNode> Sequence(YamlNode node, params string[] path) => ((YamlSequenceNode)Walk(node, path)).Children.ToList();

    private static string Scalar(YamlNode node, params string[] path) => ((YamlScalarNode)Walk(node, path)).Value ?? "";

    private static YamlNode Walk(YamlNode node, string[] path)
    {
        foreach (var step in path)
        {
            node = node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(step), out var child)
                ? child
                : throw new Xunit.Sdk.XunitException($"no '{string.Join(".", path)}' in the manifest (stopped at '{step}')");
        }

        return node;
    }
}

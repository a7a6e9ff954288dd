using Akka.Actor;
using Akka.Configuration;
using Akka.Discovery;
using Microsoft.Extensions.Configuration;
using Mobility.Node.Bootstrap;
using Mobility.Node.Configuration;

namespace Mobility.Node.Tests.Configuration;

/// <summary><c>Mobility:Cluster:Bootstrap:*</c> read, refused, and turned into the configuration Akka reads.</summary>
public sealed class BootstrapSettingsTests
{
    private static NodeSettings Read(Dictionary<string, string?> values) =>
        NodeSettingsReader.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());

    [Fact]
    public void Without_a_discovery_method_there_is_no_bootstrap() => Assert.Null(Read([]).Cluster.Bootstrap);

    [Fact]
    public void Config_discovery_reads_its_contact_points_and_defaults_to_akka_managements_numbers()
    {
        var b = Read(new()
        {
            ["Mobility:Cluster:Bootstrap:Discovery"] = "config",
            ["Mobility:Cluster:Bootstrap:ContactPoints"] = "10.0.0.1:5080, node-b:5080,[::1]:5081",
        }).Cluster.Bootstrap!;
        Assert.Equal(DiscoveryMethod.Config, b.Discovery);
        Assert.Equal(["10.0.0.1:5080", "node-b:5080", "[::1]:5081"], b.ContactPoints);
        Assert.Equal(("mobility", 2, TimeSpan.FromSeconds(5)), (b.ServiceName, b.RequiredContactPoints, b.StableMargin));
    }

    public static TheoryData<Dictionary<string, string?>, string, string> Refused => new()
    {
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "dns" }, "Mobility:Cluster:Bootstrap:Discovery", "not a discovery method" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config" }, "Mobility:Cluster:Bootstrap:ContactPoints", "required with config discovery" },
        { new() { ["Mobility:Cluster:Bootstrap:ContactPoints"] = "127.0.0.1:5080" }, "Mobility:Cluster:Bootstrap:ContactPoints", "Cluster Bootstrap is off" },
        {
            new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "127.0.0.1:5080", ["Mobility:Cluster:SeedNodes"] = "akka.tcp://mobility@127.0.0.1:4053" },
            "Mobility:Cluster:Bootstrap:Discovery", "not both"
        },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "127.0.0.1" }, "Mobility:Cluster:Bootstrap:ContactPoints", "not host:port" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "127.0.0.1:0" }, "Mobility:Cluster:Bootstrap:ContactPoints", "not host:port" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a\"b:5080" }, "Mobility:Cluster:Bootstrap:ContactPoints", "not host:port" },
        {
            new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a:1,b:1", ["Mobility:Cluster:Bootstrap:RequiredContactPoints"] = "3" },
            "Mobility:Cluster:Bootstrap:RequiredContactPoints", "would never form"
        },
        {
            new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a:1", ["Mobility:Cluster:Bootstrap:RequiredContactPoints"] = "0" },
            "Mobility:Cluster:Bootstrap:RequiredContactPoints", "from 1 to 16"
        },
        {
            new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a:1,b:1", ["Mobility:Cluster:Bootstrap:StableMargin"] = "0.1" },
            "Mobility:Cluster:Bootstrap:StableMargin", "from 0.5 to 300"
        },
        {
            new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "config", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a:1,b:1", ["Mobility:Cluster:Bootstrap:PortName"] = "http" },
            "Mobility:Cluster:Bootstrap:PortName", "only read by kubernetes-api"
        },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api", ["Mobility:Cluster:Bootstrap:ContactPoints"] = "a:1" }, "Mobility:Cluster:Bootstrap:ContactPoints", "only read by config" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api", ["Mobility:Cluster:Bootstrap:ServiceName"] = "Mobility_1" }, "Mobility:Cluster:Bootstrap:ServiceName", "not a service name" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api", ["Mobility:Cluster:Bootstrap:PodLabelSelector"] = "app in (a)" }, "Mobility:Cluster:Bootstrap:PodLabelSelector", "not a label selector" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api", ["Mobility:Cluster:Bootstrap:PortName"] = "8080" }, "Mobility:Cluster:Bootstrap:PortName", "not a container port name" },
        { new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api", ["Mobility:Cluster:Bootstrap:Rquired"] = "3" }, "Mobility:Cluster:Bootstrap:Rquired", "unknown setting" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_bad_bootstrap_setting_is_refused_naming_it(Dictionary<string, string?> values, string setting, string words)
    {
        var e = Assert.Throws<StartupException>(() => Read(values));
        Assert.Equal(setting, e.Setting);
        Assert.Contains(words, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_discovery_resolves_the_listed_contact_points_in_akka()
    {
        var b = Read(new()
        {
            ["Mobility:Cluster:Bootstrap:Discovery"] = "config",
            ["Mobility:Cluster:Bootstrap:ContactPoints"] = "127.0.0.1:5081,127.0.0.1:5082,127.0.0.1:5083",
            ["Mobility:Cluster:Bootstrap:RequiredContactPoints"] = "3",
            ["Mobility:Cluster:Bootstrap:StableMargin"] = "1.5",
        }).Cluster.Bootstrap!;
        var config = ConfigurationFactory.ParseString(BootstrapHocon.For(b, 5081));
        Assert.Equal(3, config.GetInt("akka.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetTimeSpan("akka.management.cluster.bootstrap.contact-point-discovery.stable-margin"));

        using var system = ActorSystem.Create("bootstrap-settings", config);
        try
        {
            var resolved = await Discovery.Get(system).Default.Lookup(new Lookup("mobility"), TimeSpan.FromSeconds(3));
            Assert.Equal(["127.0.0.1:5081", "127.0.0.1:5082", "127.0.0.1:5083"], resolved.Addresses.Select(a => $"{a.Host}:{a.Port}").Order(StringComparer.Ordinal));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task Kubernetes_discovery_selects_the_pods_by_label_and_probes_the_named_port()
    {
        var b = Read(new() { ["Mobility:Cluster:Bootstrap:Discovery"] = "kubernetes-api" }).Cluster.Bootstrap!;
        Assert.Equal(("app=mobility", "http"), (b.PodLabelSelector, b.PortName));
        var config = ConfigurationFactory.ParseString(BootstrapHocon.For(b, 5080))
            .WithFallback(Akka.Discovery.KubernetesApi.KubernetesDiscovery.DefaultConfiguration());
        Assert.Equal("kubernetes-api", config.GetString("akka.discovery.method"));
        Assert.Equal("app=mobility", config.GetString("akka.discovery.kubernetes-api.pod-label-selector"));
        Assert.Equal("http", config.GetString("akka.management.cluster.bootstrap.contact-point-discovery.port-name"));

        // Akka loads the Kubernetes API discovery for this method (it reads the service account only when it looks up).
        using var system = ActorSystem.Create("bootstrap-k8s", config);
        try
        {
            Assert.IsType<Akka.Discovery.KubernetesApi.KubernetesApiServiceDiscovery>(Discovery.Get(system).Default);
        }
        finally
        {
            await system.Terminate();
        }
    }
}

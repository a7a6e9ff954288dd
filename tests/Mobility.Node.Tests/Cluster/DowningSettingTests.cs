using Akka.Actor;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Configuration;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>Mobility:Cluster:DownUnreachableAfter: how soon the split-brain resolver downs a crashed member.</summary>
public sealed class DowningSettingTests
{
    [Theory]
    [InlineData(null, 20.0)]
    [InlineData("1", 1.0)]
    [InlineData("2.5", 2.5)]
    [InlineData("600", 600.0)]
    public void Seconds_are_read_with_akkas_20_s_as_the_default(string? text, double seconds)
    {
        var s = NodeSettingsReader.Read(Config(text));
        Assert.Equal(TimeSpan.FromSeconds(seconds), s.Cluster.DownUnreachableAfter);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("601")]
    [InlineData("-3")]
    [InlineData("2s")]
    [InlineData("")]
    public void Out_of_range_or_malformed_values_are_refused_naming_the_setting(string text)
    {
        var e = Assert.Throws<StartupException>(() => NodeSettingsReader.Read(Config(text)));
        Assert.Contains("Mobility:Cluster:DownUnreachableAfter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_node_configures_the_keep_majority_split_brain_resolver_with_it()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Cluster:DownUnreachableAfter"] = "3" }));
        var config = node.Host.Services.GetRequiredService<ActorSystem>().Settings.Config;
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
    }

    private static IConfiguration Config(string? downAfter) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mobility:Cluster:DownUnreachableAfter"] = downAfter }).Build();
}

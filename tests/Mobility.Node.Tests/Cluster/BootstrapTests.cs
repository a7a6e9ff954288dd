using System.Diagnostics;
using Akka.Cluster;
using Akka.Management.Cluster.Bootstrap.ContactPoint;
using Mobility.Tests.Shared;
using Newtonsoft.Json;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// <c>mobility serve</c> processes without seed nodes, finding each other through Cluster Bootstrap with config
/// discovery (each node's HTTP endpoint listed as a contact point), over one PostgreSQL as a cluster runs.
/// </summary>
public sealed class BootstrapTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Three_nodes_without_seed_nodes_form_one_cluster_a_fourth_joins_it_and_a_killed_one_joins_back()
    {
        using var cluster = await ThreeNodeCluster.CreateAsync(postgres);
        var log = TestContext.Current.TestOutputHelper;
        var clock = Stopwatch.StartNew();
        try
        {
            var first = Bootstrap(cluster.Nodes, required: 3);
            foreach (var node in cluster.Nodes)
            {
                node.Start([], first);
            }

            await Task.WhenAll(cluster.Nodes.Select(n => n.WaitReadyAsync(TimeSpan.FromSeconds(90))));
            // One cluster, not two that would never merge: every node sees the same three Up members.
            var formed = await WaitForOneClusterAsync(cluster.Nodes, TimeSpan.FromSeconds(30));
            log?.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: three nodes formed one cluster: {string.Join(", ", formed)}");

            // A fourth node, started later, finds the cluster through the contact points and joins it.
            var fourth = cluster.AddNode();
            fourth.Start([], Bootstrap(cluster.Nodes, required: 3));
            await fourth.WaitReadyAsync(TimeSpan.FromSeconds(90));
            formed = await WaitForOneClusterAsync(cluster.Nodes, TimeSpan.FromSeconds(30));
            log?.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: a fourth joined: {string.Join(", ", formed)}");

            // The node with the lowest contact point (the one that formed the cluster) is killed (no leave); the
            // survivors down it. Started again on the same addresses, it must join the cluster they kept: had it
            // formed a new one, it would see itself alone and the others would not list it.
            var lowest = cluster.Nodes.Take(3).OrderBy(n => n.HttpPort).First();
            lowest.Kill();
            await WaitForOneClusterAsync([.. cluster.Nodes.Where(n => n.Running)], TimeSpan.FromSeconds(60));
            lowest.Start([], first);
            await lowest.WaitReadyAsync(TimeSpan.FromSeconds(90));
            formed = await WaitForOneClusterAsync(cluster.Nodes, TimeSpan.FromSeconds(60));
            log?.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the killed node joined back: {string.Join(", ", formed)}");
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            log?.WriteLine(cluster.Outputs());
            throw;
        }
        finally
        {
            await Task.WhenAll(cluster.Nodes.Select(n => n.StopAsync()));
        }
    }

    /// <summary>The settings of config discovery: every node's HTTP endpoint a contact point, a short stable margin.</summary>
    private static Dictionary<string, string> Bootstrap(IEnumerable<NodeProcess> nodes, int required) => new()
    {
        ["MOBILITY__CLUSTER__BOOTSTRAP__DISCOVERY"] = "config",
        ["MOBILITY__CLUSTER__BOOTSTRAP__CONTACTPOINTS"] = string.Join(",", nodes.Select(n => $"127.0.0.1:{n.HttpPort}")),
        ["MOBILITY__CLUSTER__BOOTSTRAP__REQUIREDCONTACTPOINTS"] = required.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MOBILITY__CLUSTER__BOOTSTRAP__STABLEMARGIN"] = "1",
    };

    /// <summary>
    /// Waits until every node's contact point answers the same members, one per node, all Up: the nodes form one
    /// cluster. Returns the members' addresses.
    /// </summary>
    private static async Task<IReadOnlyList<string>> WaitForOneClusterAsync(IReadOnlyList<NodeProcess> nodes, TimeSpan within)
    {
        var expected = nodes.Select(n => n.ClusterAddress).Order(StringComparer.Ordinal).ToList();
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < within)
        {
            var views = new List<string>();
            foreach (var node in nodes)
            {
                try
                {
                    var body = await node.Http.GetStringAsync(new Uri("/bootstrap/seed-nodes", UriKind.Relative), Ct);
                    // Parsed as Akka.Management's probe parses it.
                    var seen = JsonConvert.DeserializeObject<HttpBootstrapJsonProtocol.SeedNodes>(body)!;
                    Assert.Equal(node.ClusterAddress, seen.SelfNode.ToString());
                    var up = seen.Nodes.Where(m => m.Status == MemberStatus.Up).Select(m => m.Node.ToString()).Order(StringComparer.Ordinal);
                    views.Add(string.Join(",", up));
                }
                catch (HttpRequestException e)
                {
                    views.Add(e.Message);
                }
            }

            last = string.Join(" | ", views);
            if (views.All(v => v == string.Join(",", expected)))
            {
                return expected;
            }

            await Task.Delay(250, Ct);
        }

        throw new TimeoutException($"not one cluster of {string.Join(",", expected)} after {within.TotalSeconds:0} s: {last}");
    }
}

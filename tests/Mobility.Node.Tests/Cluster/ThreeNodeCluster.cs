using Mobility.Tests.Shared;
using System.Security.Cryptography;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// Three <c>mobility serve</c> processes on loopback over one PostgreSQL database, as docs/operations.md runs them:
/// one token secret, one platform key (copied into every data folder before the first start), node 0 the seed.
/// A crashed member is downed by the split-brain resolver after <see cref="DownAfterSeconds"/> (20 s by default,
/// shortened here so a test sees the failover).
/// </summary>
internal sealed class ThreeNodeCluster : IDisposable
{
    public const int DownAfterSeconds = 2;

    private readonly TempFolder _root = new();
    private readonly string _carpoolKeys;
    private readonly Dictionary<string, string> _environment;

    private ThreeNodeCluster(string connectionString)
    {
        _carpoolKeys = Path.Combine(_root.Path, "carpool-keys");
        using (var keys = ProofDataDirectory.OpenOrCreate(_carpoolKeys))
        {
            _ = keys.RegistrySecret();
            Vkey = keys.Vkey;
        }

        _environment = new Dictionary<string, string>
        {
            ["MOBILITY__STORAGE__PROVIDER"] = "postgres",
            ["MOBILITY__STORAGE__CONNECTIONSTRING"] = connectionString,
            ["MOBILITY__AUTH__TOKENSECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["MOBILITY__AUTH__APIKEYS"] = TestKeys.Setting,
            ["MOBILITY__CARPOOL__TERRITORY"] = "terr-a",
            ["MOBILITY__CITY__GTFS"] = TinyFeeds.GtfsZip(),
            ["MOBILITY__CLUSTER__DOWNUNREACHABLEAFTER"] = DownAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        for (var i = 0; i < 3; i++)
        {
            AddNode();
        }
    }

    /// <summary>One more node of the same cluster (same store, secret and platform key), not started.</summary>
    public NodeProcess AddNode()
    {
        var name = "node" + Nodes.Count;
        var data = Path.Combine(_root.Path, name);
        var target = Path.Combine(data, "carpool");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(_carpoolKeys))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        var node = new NodeProcess(name, data, _environment);
        Nodes.Add(node);
        return node;
    }

    public List<NodeProcess> Nodes { get; } = [];

    /// <summary>The platform's C2SP verifier key (checkpoints, attestations).</summary>
    public string Vkey { get; }

    /// <summary>Node 0 is the seed: it forms the cluster, the others join it.</summary>
    public IReadOnlyList<string> Seeds => [Nodes[0].ClusterAddress];

    public IEnumerable<NodeProcess> Live => Nodes.Where(n => n.Running);

    /// <summary>A new database on <paramref name="postgres"/> (skips, or fails under CI, without PostgreSQL).</summary>
    public static async Task<ThreeNodeCluster> CreateAsync(PostgresServer postgres) => new(await postgres.CreateDatabaseAsync());

    /// <summary>Starts node 0, then 1 and 2 together, and waits until all three are ready.</summary>
    public async Task StartAsync()
    {
        Nodes[0].Start(Seeds);
        await Nodes[0].WaitReadyAsync(TimeSpan.FromSeconds(60));
        Nodes[1].Start(Seeds);
        Nodes[2].Start(Seeds);
        await Task.WhenAll(Nodes[1].WaitReadyAsync(TimeSpan.FromSeconds(60)), Nodes[2].WaitReadyAsync(TimeSpan.FromSeconds(60)));
    }

    /// <summary>Stops every running node gracefully, the seed last.</summary>
    public async Task StopAsync()
    {
        await Task.WhenAll(Nodes.Skip(1).Select(n => n.StopAsync()));
        await Nodes[0].StopAsync();
    }

    /// <summary>Every node's output, for a failure message.</summary>
    public string Outputs() => string.Join("\n", Nodes.Select(n => $"===== {n.Name} =====\n{n.Output}"));

    public void Dispose()
    {
        foreach (var node in Nodes)
        {
            node.Dispose();
        }

        _root.Dispose();
    }
}

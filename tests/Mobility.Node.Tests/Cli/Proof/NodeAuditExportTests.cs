using System.Net;
using Mobility.Node.Tests.Support;
using static Mobility.Node.Tests.Api.JourneyEndpointTests;

namespace Mobility.Node.Tests.Cli.Proof;

/// <summary>
/// Issue 12 part 5: <c>audit export</c> from a running node's data folder is read-only and keyless (it used to create
/// <c>carpool/proofs.db</c> there, sign a checkpoint with the platform key and export no attestation). Now nothing in
/// the folder changes, every attestation the node issued is exported, and the export verifies offline.
/// </summary>
public sealed class NodeAuditExportTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private readonly string _out = Directory.CreateTempSubdirectory("node-export-").FullName;
    private RunningNode _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
        Directory.Delete(_out, recursive: true);
    }

    [Fact]
    public async Task Exporting_from_a_running_node_changes_nothing_there_and_exports_every_attestation_verifiably()
    {
        using var traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a");
        const int journeys = 4;
        for (var i = 0; i < journeys; i++)
        {
            var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2 - i));
            await Json(await traffic.DeclareAsync(d, Ct), HttpStatusCode.Created);
        }

        var carpool = Path.Combine(_data.Path, "carpool");
        var before = Snapshot(carpool);
        Assert.Equal(0, await Program.Main(["audit", "export", "--data", _data.Path, "--out", _out]));
        Assert.Equal(before, Snapshot(carpool));
        Assert.False(File.Exists(Path.Combine(carpool, "proofs.db")));

        var attestations = Directory.GetFiles(Path.Combine(_out, "attestations"), "*.json").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(journeys, attestations.Count);
        Assert.Equal(0, await Program.Main(["audit", "verify-log", _out]));
        var key = Path.Combine(_out, "platform.vkey");
        foreach (var file in attestations)
        {
            Assert.Equal(0, await Program.Main(["audit", "verify-attestation", file, "--key", key, "--log", _out]));
        }
    }

    /// <summary>Names, sizes and contents of the files of the node's proof folder (the SQLite WAL aside: the node writes it).</summary>
    private static string Snapshot(string folder) => string.Join("\n", Directory.GetFiles(folder)
        .Where(f => !f.EndsWith("-wal", StringComparison.Ordinal) && !f.EndsWith("-shm", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))}"));
}

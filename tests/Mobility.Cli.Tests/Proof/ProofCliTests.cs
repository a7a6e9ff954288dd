namespace Mobility.Node.Tests.Cli.Proof;

/// <summary>The command-line contract: proof bench (mobility) -> audit export -> verify-log / verify-attestation (mobility-audit), exit codes.</summary>
public sealed class ProofCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("proof-cli-").FullName;

    [Fact]
    public async Task Bench_export_and_verify_exit_0_and_a_tampered_attestation_exits_1()
    {
        var data = Path.Combine(_dir, "data");
        var outDir = Path.Combine(_dir, "out");
        Assert.Equal(0, await Program.Main(["proof", "bench", "--declarations", "120", "--data", data, "--batch", "32"]));
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "export", "--data", data, "--out", outDir]));
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "verify-log", outDir]));

        var key = Path.Combine(outDir, "platform.vkey");
        var file = Directory.GetFiles(Path.Combine(outDir, "attestations"), "*.json").Order(StringComparer.Ordinal).First();
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "verify-attestation", file, "--key", key]));
        Assert.Equal(0, await Mobility.Audit.Program.Main(["audit", "verify-attestation", file, "--key", key, "--log", outDir]));

        var tampered = Path.Combine(_dir, "tampered.json");
        var json = await File.ReadAllTextAsync(file);
        await File.WriteAllTextAsync(tampered, json.Replace("\"leafIndex\":0", "\"leafIndex\":1", StringComparison.Ordinal));
        Assert.Equal(1, await Mobility.Audit.Program.Main(["audit", "verify-attestation", tampered, "--key", key]));
        Assert.Equal(1, await Mobility.Audit.Program.Main(["audit", "verify-attestation", Path.Combine(_dir, "missing.json"), "--key", key]));
        Assert.Equal(1, await Mobility.Audit.Program.Main(["audit", "export", "--data", Path.Combine(_dir, "nothing"), "--out", outDir]));
        Assert.NotEqual(0, await Program.Main(["proof", "bench", "--declarations", "0", "--data", data]));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }
}

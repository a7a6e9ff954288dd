using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Audit;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.Audit.Tests;

public sealed class AuditLogCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("audit-cli-").FullName;

    [Fact]
    public async Task Verify_log_and_verify_consistency_exit_0_on_a_good_export_and_1_on_a_tampered_one()
    {
        using var signer = NoteSigner.Generate("cli.test/log");
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "cli.test/log", Signer = signer });
        log.AppendBatch(Enumerable.Range(0, 100).Select(i => BitConverter.GetBytes(i)).ToArray());
        var old = Path.Combine(_dir, "old-checkpoint");
        await File.WriteAllTextAsync(old, log.Checkpoint().Note);
        log.AppendBatch(Enumerable.Range(100, 50).Select(i => BitConverter.GetBytes(i)).ToArray());
        var outDir = Path.Combine(_dir, "out");
        LogAudit.Export(log, outDir);
        var proof = Path.Combine(_dir, "proof.txt");
        ProofFile.WriteConsistencyProof(log, 100, 150, proof);
        var checkpoint = Path.Combine(outDir, LogAudit.CheckpointFile);
        var key = Path.Combine(outDir, LogAudit.VerifierKeyFile);

        Assert.Equal(0, await Program.Main(["audit", "verify-log", outDir]));
        Assert.Equal(0, await Program.Main(["audit", "verify-consistency", old, checkpoint, "--proof", proof, "--key", key]));
        Assert.Equal(1, await Program.Main(["audit", "verify-consistency", checkpoint, old, "--proof", proof, "--key", key]));
        Assert.NotEqual(0, await Program.Main(["audit", "verify-consistency", old, checkpoint, "--key", key]));

        var leaves = Path.Combine(outDir, LogAudit.LeavesFile);
        var lines = await File.ReadAllLinesAsync(leaves);
        (lines[3], lines[4]) = (lines[4], lines[3]);
        await File.WriteAllTextAsync(leaves, string.Concat(lines.Select(l => l + "\n")));
        Assert.Equal(1, await Program.Main(["audit", "verify-log", outDir]));
        Assert.Equal(1, await Program.Main(["audit", "verify-log", Path.Combine(_dir, "missing")]));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}

using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.CarpoolProof.Tests.Pipeline;

/// <summary>The CLI's path through the library: bench into a directory, export, verify every attestation offline.</summary>
public sealed class BenchExportVerifyTests
{
    [Fact]
    public void Bench_then_export_then_every_exported_attestation_verifies_and_revocations_are_seen()
    {
        var root = Directory.CreateTempSubdirectory("proof-e2e").FullName;
        try
        {
            var data = Path.Combine(root, "data");
            var outDir = Path.Combine(root, "out");
            ProofBenchReport report;
            using (var dir = ProofDataDirectory.OpenOrCreate(data))
                report = ProofBench.Run(dir, new ProofBenchOptions { Declarations = 300, BatchSize = 64, IncidentRate = 0.05 }, TimeProvider.System);
            Assert.Equal(315, report.Declarations);
            Assert.True(report.Outcomes.GetValueOrDefault("conflict 409") > 0);
            Assert.Contains(report.Outcomes.Keys, k => k.Contains("fraud_error", StringComparison.Ordinal));

            var summary = AuditExport.Export(data, outDir);
            Assert.Equal(report.LogSize, summary.Leaves);
            var vkey = File.ReadAllText(Path.Combine(outDir, "platform.vkey")).Trim();
            var leaves = AuditExport.ReadLeaves(Path.Combine(outDir, "leaves.txt"));
            Assert.Equal(summary.Leaves, leaves.Count);
            var note = File.ReadAllText(Path.Combine(outDir, "checkpoint"));
            Assert.Null(AttestationVerifier.CheckPublishedLeaves(leaves, note, NoteVerifier.Parse(vkey)));

            var files = Directory.GetFiles(Path.Combine(outDir, "attestations"), "*.json");
            Assert.Equal(summary.Attestations, files.Length);
            var revoked = 0;
            foreach (var f in files)
            {
                var json = File.ReadAllText(f);
                var alone = AttestationVerifier.Verify(json, vkey);
                Assert.True(alone.Ok, $"{f}: {alone.Failure}");
                if (!AttestationVerifier.Verify(json, vkey, leaves).Ok) revoked++;
            }
            Assert.True(revoked > 0, "the cross-operator incidents revoke earlier journeys");

            // A second run on the same directory keeps the platform key and extends the same log.
            var key = File.ReadAllText(Path.Combine(data, PlatformKey.FileName));
            using (var dir = ProofDataDirectory.OpenOrCreate(data))
                ProofBench.Run(dir, new ProofBenchOptions { Declarations = 20, BatchSize = 8, IncidentRate = 0 }, TimeProvider.System);
            Assert.Equal(key, File.ReadAllText(Path.Combine(data, PlatformKey.FileName)));
            Assert.Equal(vkey, File.ReadAllText(Path.Combine(data, ProofDataDirectory.VkeyFile)).Trim());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Tampered_leaves_do_not_match_the_checkpoint()
    {
        using var w = new Support.ProofWorld();
        for (var i = 0; i < 3; i++) w.SubmitOne(w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Support.ProofWorld.Now.AddHours(-2)));
        var leaves = Enumerable.Range(0, 3).Select(i => w.Log.ReadLeaf(i)).ToList();
        var note = w.Log.Checkpoint().Note;
        Assert.Null(AttestationVerifier.CheckPublishedLeaves(leaves, note, w.Signer.Verifier));
        leaves[1][5] ^= 1;
        Assert.NotNull(AttestationVerifier.CheckPublishedLeaves(leaves, note, w.Signer.Verifier));
        Assert.NotNull(AttestationVerifier.CheckPublishedLeaves(leaves.Take(2).ToList(), note, w.Signer.Verifier));
    }
}

using System.Text;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Audit;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Tests.Log.Audit;

public sealed class LogAuditTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tlog-audit-").FullName;
    private readonly NoteSigner _signer = NoteSigner.Generate("mobility.test/log");

    private string Out => Path.Combine(_dir, "out");

    [Fact]
    public void An_exported_log_verifies_and_every_tampering_is_reported()
    {
        var log = ExportedLog(1000);
        Assert.True(LogAudit.VerifyLogDirectory(Out).Ok, LogAudit.VerifyLogDirectory(Out).Message);

        var leaves = File.ReadAllText(Path.Combine(Out, LogAudit.LeavesFile));
        Tamper(LogAudit.LeavesFile, leaves.Replace(Convert.ToBase64String(LogFixture.Leaf(500)), Convert.ToBase64String(LogFixture.Leaf(5000)), StringComparison.Ordinal), "differs");
        Tamper(LogAudit.LeavesFile, leaves[..leaves.LastIndexOf('\n', leaves.Length - 2)] + "\n", "999 leaves");
        Tamper(LogAudit.LeavesFile, leaves + "!!!!\n", "line 1001");
        Tamper(LogAudit.LeavesFile, leaves[..^1], "newline");
        var checkpoint = File.ReadAllText(Path.Combine(Out, LogAudit.CheckpointFile));
        Tamper(LogAudit.CheckpointFile, checkpoint.Replace("\n1000\n", "\n1001\n", StringComparison.Ordinal), "Invalid signature");
        using var other = NoteSigner.Generate("mobility.test/log");
        Tamper(LogAudit.VerifierKeyFile, other.Verifier.Encoded + "\n", "No signature by a trusted key");
        File.Delete(Path.Combine(Out, LogAudit.CheckpointFile));
        Assert.Contains("no such file", LogAudit.VerifyLogDirectory(Out).Message, StringComparison.Ordinal);
        log.Dispose();
    }

    [Fact]
    public void An_empty_log_verifies()
    {
        ExportedLog(0).Dispose();
        Assert.True(LogAudit.VerifyLogDirectory(Out).Ok);
    }

    [Fact]
    public void Consistency_between_two_exported_checkpoints_verifies_with_the_written_proof_file()
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "mobility.test/log", Signer = _signer });
        log.AppendBatch(Enumerable.Range(0, 300).Select(LogFixture.Leaf).ToArray());
        var old = Write("old", log.Checkpoint().Note);
        log.AppendBatch(Enumerable.Range(300, 77).Select(LogFixture.Leaf).ToArray());
        var @new = Write("new", log.Checkpoint().Note);
        var key = Write("platform.vkey", _signer.Verifier.Encoded + "\n");
        var proof = Path.Combine(_dir, "proof.txt");
        ProofFile.WriteConsistencyProof(log, 300, 377, proof);

        Assert.True(LogAudit.VerifyConsistency(old, @new, proof, key).Ok);
        Assert.False(LogAudit.VerifyConsistency(@new, old, proof, key).Ok); // sizes reversed
        var lines = File.ReadAllText(proof);
        File.WriteAllText(proof, lines[1..] + "");
        Assert.False(LogAudit.VerifyConsistency(old, @new, proof, key).Ok);
        var hashes = ProofFile.Parse(lines);
        hashes[1][7] ^= 0x10;
        File.WriteAllText(proof, ProofFile.Format(hashes));
        Assert.Contains("may have been rewritten", LogAudit.VerifyConsistency(old, @new, proof, key).Message, StringComparison.Ordinal);

        // A forked log (same origin and key, different history) is caught.
        using var fork = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "mobility.test/log", Signer = _signer });
        fork.AppendBatch(Enumerable.Range(1, 377).Select(LogFixture.Leaf).ToArray());
        var forked = Write("forked", fork.Checkpoint().Note);
        ProofFile.WriteConsistencyProof(fork, 300, 377, proof);
        Assert.False(LogAudit.VerifyConsistency(old, forked, proof, key).Ok);
    }

    [Theory]
    [InlineData("AAAA\n")]
    [InlineData("not base64!\n")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\r\n")]
    [InlineData("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n\n")]
    public void Malformed_proof_files_are_refused_with_the_line(string text)
    {
        Assert.Throws<FormatException>(() => ProofFile.Parse(text));
    }

    [Fact]
    public void Proof_file_round_trips()
    {
        var path = LogFixture.LargeLog.ProveConsistency(1000, 4000).Path;
        Assert.Equal(path, ProofFile.Parse(ProofFile.Format(path)));
        Assert.Empty(ProofFile.Parse(string.Empty));
    }

    private TransparencyLog ExportedLog(int size)
    {
        var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "mobility.test/log", Signer = _signer });
        if (size > 0)
        {
            log.AppendBatch(Enumerable.Range(0, size).Select(LogFixture.Leaf).ToArray());
        }

        LogAudit.Export(log, Out);
        return log;
    }

    private void Tamper(string file, string content, string expected)
    {
        var path = Path.Combine(Out, file);
        var original = File.ReadAllBytes(path);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        var result = LogAudit.VerifyLogDirectory(Out);
        Assert.False(result.Ok);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Message);
        File.WriteAllBytes(path, original);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    public void Dispose()
    {
        _signer.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}

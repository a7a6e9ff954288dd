using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Tests.Log.Notes;

public sealed class CheckpointTests
{
    [Fact]
    public void Checkpoint_text_follows_the_tlog_checkpoint_layout()
    {
        var root = TestVectors.Hex(TestVectors.RootsHex[8]);
        var checkpoint = new Checkpoint("example.com/log", 8, root, ["ext one"]);
        Assert.Equal($"example.com/log\n8\n{Convert.ToBase64String(root)}\next one\n", checkpoint.ToText());
        var parsed = Checkpoint.Parse(checkpoint.ToText());
        Assert.Equal("example.com/log", parsed.Origin);
        Assert.Equal(8, parsed.Size);
        Assert.Equal(root, parsed.RootHash);
        Assert.Equal(["ext one"], parsed.Extensions);
    }

    [Theory]
    [InlineData("example.com/log\n08\nROOT\n")]
    [InlineData("example.com/log\n-1\nROOT\n")]
    [InlineData("example.com/log\n+8\nROOT\n")]
    [InlineData("example.com/log\n8\nROOT")]
    [InlineData("example.com/log\n8\n")]
    [InlineData("\n8\nROOT\n")]
    [InlineData("example.com/log\n8\nROOT\n\n")]
    [InlineData("example.com/log\n99999999999999999999\nROOT\n")]
    [InlineData("example.com/log\n8\nAAAA\n")]
    public void Malformed_checkpoints_are_refused(string template)
    {
        var text = template.Replace("ROOT", Convert.ToBase64String(TestVectors.Hex(TestVectors.RootsHex[8])), StringComparison.Ordinal);
        Assert.Throws<NoteException>(() => Checkpoint.Parse(text));
    }

    [Fact]
    public void Log_checkpoint_opens_with_the_log_verifier_and_matches_the_root()
    {
        using var signer = NoteSigner.Generate("test.example/log");
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test.example/log", Signer = signer });
        log.AppendBatch(TestVectors.Leaves());
        var signed = log.Checkpoint();
        var opened = Checkpoint.Open(signed.Note, NoteVerifier.Parse(signer.Verifier.Encoded), "test.example/log");
        Assert.Equal(8, opened.Size);
        Assert.Equal(TestVectors.RootsHex[8], Convert.ToHexStringLower(opened.RootHash));
        Assert.Equal(signed.Note, log.Store.LatestCheckpoint());
        Assert.Throws<NoteException>(() => Checkpoint.Open(signed.Note, signer.Verifier, "other.example/log"));
        using var other = NoteSigner.Generate("test.example/log");
        Assert.Throws<NoteException>(() => Checkpoint.Open(signed.Note, other.Verifier));
    }

    [Fact]
    public void Flipping_any_bit_of_a_signed_checkpoint_makes_it_fail()
    {
        using var signer = NoteSigner.Generate("test.example/log");
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test.example/log", Signer = signer });
        log.AppendBatch(TestVectors.Leaves());
        var bytes = System.Text.Encoding.UTF8.GetBytes(log.Checkpoint().Note);
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<NoteException>(() => Checkpoint.Open(System.Text.Encoding.UTF8.GetString(bytes), signer.Verifier, "test.example/log"));
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void Checkpoint_covering_reuses_the_latest_signature_until_the_tree_outgrows_it()
    {
        using var signer = NoteSigner.Generate("test.example/log");
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = "test.example/log", Signer = signer });
        log.AppendBatch(TestVectors.Leaves());
        var first = log.CheckpointCovering(3);
        Assert.Same(first, log.CheckpointCovering(8));
        var index = log.Append("ninth"u8);
        var second = log.CheckpointCovering(index + 1);
        Assert.Equal(9, second.Checkpoint.Size);
        var opened = Checkpoint.Open(second.Note, signer.Verifier);
        var proof = log.ProveInclusion(index, opened.Size);
        Assert.True(ProofVerifier.VerifyInclusion("ninth"u8, proof, opened));
        Assert.False(ProofVerifier.VerifyInclusion("tenth"u8, proof, opened));
        Assert.False(ProofVerifier.VerifyInclusion("ninth"u8, proof, Checkpoint.Open(first.Note, signer.Verifier)));
    }
}

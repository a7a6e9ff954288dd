using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Tests.Log.Notes;

public sealed class SignedNoteTests
{
    [Fact]
    public void Go_signer_key_derives_the_published_verifier_key()
    {
        using var signer = NoteSigner.Parse(TestVectors.PeterSignerKey);
        Assert.Equal("PeterNeumann", signer.Name);
        Assert.Equal(0xc74f20a3u, signer.KeyId);
        Assert.Equal(TestVectors.PeterVerifierKey, signer.Verifier.Encoded);
        Assert.Equal(TestVectors.PeterSignerKey, signer.Encoded);
    }

    [Fact]
    public void Signing_the_Go_example_text_reproduces_the_published_note_byte_for_byte()
    {
        // Ed25519 is deterministic (RFC 8032), so this is a known-answer test.
        using var signer = NoteSigner.Parse(TestVectors.PeterSignerKey);
        Assert.Equal(TestVectors.GoNote, SignedNote.Sign(TestVectors.GoText, signer));
    }

    [Fact]
    public void Go_example_note_opens_with_its_verifier_key()
    {
        var opened = SignedNote.Open(TestVectors.GoNote, [NoteVerifier.Parse(TestVectors.PeterVerifierKey)]);
        Assert.Equal(TestVectors.GoText, opened.Text);
        var signature = Assert.Single(opened.Verified);
        Assert.Equal("PeterNeumann", signature.Name);
        Assert.Equal(0xc74f20a3u, signature.KeyId);
    }

    [Fact]
    public void C2sp_spec_example_note_opens()
    {
        var opened = SignedNote.Open(TestVectors.SpecNote, [NoteVerifier.Parse(TestVectors.SpecVerifierKey)]);
        Assert.Equal("This is an example message.\n", opened.Text);
    }

    [Fact]
    public void Cosigned_Go_note_verifies_each_trusted_key_and_ignores_unknown_ones()
    {
        var note = TestVectors.GoText + "\n" + TestVectors.PeterSignatureLine + TestVectors.EnochSignatureLine;
        var both = SignedNote.Open(note, [NoteVerifier.Parse(TestVectors.PeterVerifierKey), NoteVerifier.Parse(TestVectors.EnochVerifierKey)]);
        Assert.Equal(2, both.Verified.Count);
        var enochOnly = SignedNote.Open(note, [NoteVerifier.Parse(TestVectors.EnochVerifierKey)]);
        Assert.Equal("EnochRoot", Assert.Single(enochOnly.Verified).Name);
        Assert.Equal("PeterNeumann", Assert.Single(enochOnly.Unverified).Name);
    }

    [Theory]
    [InlineData("text is altered")]
    [InlineData("no final newline")]
    [InlineData("no blank line")]
    [InlineData("hyphen instead of em dash")]
    [InlineData("bad base64")]
    [InlineData("short signature")]
    [InlineData("tab in the text")]
    [InlineData("unknown key only")]
    [InlineData("wrong key id")]
    [InlineData("space in base64")]
    [InlineData("empty signature block")]
    public void Malformed_or_forged_notes_are_refused(string change)
    {
        var peter = NoteVerifier.Parse(TestVectors.PeterVerifierKey);
        var note = change switch
        {
            "text is altered" => TestVectors.GoNote.Replace("cryptography", "cryptographY", StringComparison.Ordinal),
            "no final newline" => TestVectors.GoNote[..^1],
            "no blank line" => TestVectors.GoText + TestVectors.PeterSignatureLine,
            "hyphen instead of em dash" => TestVectors.GoNote.Replace('\u2014', '-'),
            "bad base64" => TestVectors.GoNote.Replace("x08go/", "x08go!", StringComparison.Ordinal),
            "short signature" => TestVectors.GoText + "\n\u2014 PeterNeumann x08go/ZJ\n",
            "tab in the text" => TestVectors.GoNote.Replace("you think", "you\tthink", StringComparison.Ordinal),
            "unknown key only" => TestVectors.GoText + "\n" + TestVectors.EnochSignatureLine,
            "wrong key id" => TestVectors.GoNote.Replace("x08go/", "x08gp/", StringComparison.Ordinal),
            "space in base64" => TestVectors.GoNote.Replace("x08go/", "x08 go/", StringComparison.Ordinal),
            "empty signature block" => TestVectors.GoText + "\n",
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };
        Assert.Throws<NoteException>(() => SignedNote.Open(note, [peter]));
    }

    [Fact]
    public void Flipping_any_bit_of_the_note_makes_it_fail()
    {
        var peter = NoteVerifier.Parse(TestVectors.PeterVerifierKey);
        var bytes = System.Text.Encoding.UTF8.GetBytes(TestVectors.GoNote);
        var failures = 0;
        for (var bit = 0; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                SignedNote.Open(bytes, [peter]);
            }
            catch (NoteException)
            {
                failures++;
            }

            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        Assert.Equal(bytes.Length * 8, failures);
        Assert.NotNull(SignedNote.Open(bytes, [peter]));
    }

    [Theory]
    [InlineData("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // key ID does not match
    [InlineData("PeterNeumann+c74f20a3+AhpcQcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // bad length
    [InlineData("PeterNeumann+c74f20a3+Ahpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // algorithm 0x02
    [InlineData("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // 7 hex digits
    [InlineData("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")] // space in the name
    [InlineData("PeterNeumann+c74f20a3")]
    public void Malformed_verifier_keys_are_refused(string vkey)
    {
        Assert.Throws<NoteException>(() => NoteVerifier.Parse(vkey));
    }

    [Fact]
    public void A_generated_key_round_trips_through_its_text_forms()
    {
        using var signer = NoteSigner.Generate("mobility.example/log");
        using var again = NoteSigner.Parse(signer.Encoded);
        var verifier = NoteVerifier.Parse(signer.Verifier.Encoded);
        var note = SignedNote.Sign("hello\n", again);
        Assert.Equal("hello\n", SignedNote.Open(note, [verifier]).Text);
        Assert.Throws<NoteException>(() => SignedNote.Sign("no newline", signer));
        Assert.Throws<NoteException>(() => NoteSigner.Generate("bad+name"));
    }
}

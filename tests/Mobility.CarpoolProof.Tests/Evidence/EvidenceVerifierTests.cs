using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Evidence;

public sealed class EvidenceVerifierTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-1);

    [Fact]
    public void Correctly_signed_declaration_verifies()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var check = EvidenceVerifier.Verify(d, w.Keys);
        Assert.True(check.Ok, check.FailureDetail);
        Assert.Equal(2, check.Pickups.Count);
        Assert.All(check.Pickups.Concat(check.Dropoffs), s => Assert.True(s.SignatureValid));
    }

    [Fact]
    public void Missing_operator_signature_is_refused()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start) with { OperatorSignature = null };
        Assert.Equal(RuleLabel.MissingSignature, EvidenceVerifier.Verify(d, w.Keys).Failure);
    }

    [Fact]
    public void Declaration_changed_after_signing_is_refused()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var changed = d with { Journey = d.Journey with { Distance = d.Journey.Distance + 1 } };
        Assert.Equal(RuleLabel.InvalidSignature, EvidenceVerifier.Verify(changed, w.Keys).Failure);
    }

    [Fact]
    public void Declaration_signed_by_another_operator_key_is_refused()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var forged = Signing.Sign(d, w.Op(1).Key); // operator2's key, operator1's name
        Assert.Equal(RuleLabel.InvalidSignature, EvidenceVerifier.Verify(forged, w.Keys).Failure);
    }

    [Fact]
    public void Statement_from_an_unregistered_device_is_refused()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        using var rogue = Ed25519Keys.Generate();
        var p = d.Evidence.Pickups[0] with { DeviceKey = Base64Url.Encode(Ed25519Keys.RawPublicKey(rogue)) };
        var e = d.Evidence with { Pickups = [Signing.Sign(p, rogue), d.Evidence.Pickups[1]] };
        var resigned = Signing.Sign(d with { Evidence = e }, w.Op().Key);
        Assert.Equal(RuleLabel.UnknownKey, EvidenceVerifier.Verify(resigned, w.Keys).Failure);
    }

    [Fact]
    public void Statement_signed_with_a_bad_signature_is_refused_even_if_the_operator_signed_it()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var tampered = d.Evidence.Dropoffs[1] with { Lat = d.Evidence.Dropoffs[1].Lat + 0.01 };
        var e = d.Evidence with { Dropoffs = [d.Evidence.Dropoffs[0], tampered] };
        var resigned = Signing.Sign(d with { Evidence = e }, w.Op().Key);
        var check = EvidenceVerifier.Verify(resigned, w.Keys);
        Assert.Equal(RuleLabel.InvalidSignature, check.Failure);
        Assert.Contains("dropoffs[1]", check.FailureDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAA")]                       // 3 bytes
    [InlineData("not base64url!")]
    public void Short_or_malformed_challenges_are_refused(string challenge)
    {
        using var w = new ProofWorld();
        var a = w.Carpools.NewPerson();
        var b = w.Carpools.NewPerson();
        var d = w.Journey(a, b, Start, reuseChallenge: challenge);
        Assert.Equal(RuleLabel.InvalidEvidence, EvidenceVerifier.Verify(d, w.Keys).Failure);
    }

    [Fact]
    public void Non_canonical_base64url_spellings_are_refused()
    {
        // 'AB' and 'AA' would decode to the same single byte if stray low bits were accepted.
        Assert.True(Base64Url.TryDecodeRange("AA", 1, 1, out _));
        Assert.False(Base64Url.TryDecodeRange("AB", 1, 1, out _));
    }

    [Property(MaxTest = 200)]
    public Property Flipping_any_bit_of_a_signed_pickup_statement_message_or_signature_fails_verification(PositiveInt position, byte bitIndex)
    {
        using var key = Ed25519Keys.Generate();
        var s = Signing.Sign(new PickupStatement(OccupantRole.Driver, Base64Url.Encode(Ed25519Keys.RawPublicKey(key)), "peer", "op", "j1",
            Base64Url.Encode(new byte[16]), Start, 45.76, 4.83), key);
        var message = StatementCanonical.SigningMessage(s);
        Assert.True(Base64Url.TryDecode(s.Signature, 64, out var sig));
        var total = (message.Length + sig.Length) * 8;
        var bit = (position.Get * 8 + bitIndex % 8) % total;
        var m = (byte[])message.Clone();
        var g = (byte[])sig.Clone();
        if (bit < message.Length * 8) m[bit / 8] ^= (byte)(1 << (bit % 8));
        else g[bit / 8 - message.Length] ^= (byte)(1 << (bit % 8));
        return (!Ed25519Keys.Verify(key.PublicKey, m, g)).Label($"bit {bit} of {total}");
    }

    [Property(MaxTest = 100)]
    public Property Flipping_any_bit_of_a_statement_field_text_fails_declaration_verification(PositiveInt fieldPick, PositiveInt charPick, byte bitIndex)
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var json = System.Text.Json.Nodes.JsonNode.Parse(DeclarationJson.SerializeToUtf8(d))!;
        var statement = json["evidence"]!["pickups"]![fieldPick.Get % 2]!.AsObject();
        var fields = statement.Where(p => p.Value!.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(p => p.Key).ToArray();
        var field = fields[fieldPick.Get % fields.Length];
        var text = ((string)statement[field]!).ToCharArray();
        var i = charPick.Get % text.Length;
        text[i] = (char)(text[i] ^ (1 << (bitIndex % 7))); // stays ASCII
        statement[field] = new string(text);
        SignedDeclaration parsed;
        try { parsed = DeclarationJson.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString())); }
        catch (DeclarationFormatException) { return true.Label("refused by the parser"); }
        return (!EvidenceVerifier.Verify(parsed, w.Keys).Ok).Label($"{field}[{i}]");
    }
}

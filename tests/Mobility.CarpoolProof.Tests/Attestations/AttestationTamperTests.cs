using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Attestations;

public sealed class AttestationTamperTests : IDisposable
{
    private readonly ProofWorld _world = new();
    private readonly string _json;

    public AttestationTamperTests()
    {
        // A few journeys so the inclusion proof has several hashes.
        for (var i = 0; i < 5; i++)
            _world.SubmitOne(_world.Journey(_world.Carpools.NewPerson(), _world.Carpools.NewPerson(), ProofWorld.Now.AddHours(-3)));
        _json = _world.Pipeline.LastAttestations[0].Json;
    }

    [Fact]
    public void Untouched_attestation_verifies() => Assert.True(AttestationVerifier.Verify(_json, _world.Vkey).Ok);

    [Property(MaxTest = 300)]
    public Property Flipping_any_bit_of_an_attestation_fails_verification(PositiveInt position, byte bitIndex)
    {
        var bytes = Encoding.UTF8.GetBytes(_json);
        var bit = (position.Get * 8L + bitIndex % 8) % (bytes.Length * 8L);
        bytes[bit / 8] ^= (byte)(1 << (int)(bit % 8));
        string text;
        try { text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes); }
        catch (DecoderFallbackException) { return true.Label("not UTF-8 any more"); }
        var result = AttestationVerifier.Verify(text, _world.Vkey);
        return (!result.Ok).Label($"bit {bit} ('{(char)(bytes[bit / 8] ^ (1 << (int)(bit % 8)))}' at {bit / 8})");
    }

    [Theory]
    [InlineData("\"proofClass\":\"C\"", "\"proofClass\":\"B\"")]
    [InlineData("\"status\":\"ok\"", "\"status\":\"fraud_error\"")]
    [InlineData("\"result\":\"fail\"", "\"result\":\"pass\"")]
    public void Changing_a_claim_breaks_the_proof(string from, string to)
    {
        if (!_json.Contains(from, StringComparison.Ordinal)) return; // no failed rule in this attestation
        Assert.False(AttestationVerifier.Verify(_json.Replace(from, to, StringComparison.Ordinal), _world.Vkey).Ok);
    }

    [Fact]
    public void Re_signing_a_changed_attestation_with_the_platform_key_still_fails_if_the_log_disagrees()
    {
        // Even the platform cannot change the class after the fact: the commitment in the log says C.
        var vc = System.Text.Json.Nodes.JsonNode.Parse(_json)!.AsObject();
        vc.Remove("proof");
        vc["credentialSubject"]!["journeyCommitment"]!["proof_class"] = "B";
        vc["credentialSubject"]!["proofClass"] = "B";
        var resigned = EddsaJcs2022.Sign(vc, _world.Platform.Key, _world.Platform.VerificationMethod, ProofWorld.Now);
        var result = AttestationVerifier.Verify(resigned.ToJsonString(), _world.Vkey);
        Assert.False(result.Ok);
        Assert.Contains("inclusion proof", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_and_wrong_keys_are_refused_with_a_reason()
    {
        Assert.Contains("not JSON", AttestationVerifier.Verify("{", _world.Vkey).Failure, StringComparison.Ordinal);
        Assert.Contains("verifier key", AttestationVerifier.Verify(_json, "not a key").Failure, StringComparison.Ordinal);
        Assert.False(AttestationVerifier.Verify("[]", _world.Vkey).Ok);
        Assert.False(AttestationVerifier.Verify("{}", _world.Vkey).Ok);
    }

    public void Dispose() => _world.Dispose();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Tests.Attestations;

/// <summary>W3C vc-di-eddsa test vectors for eddsa-jcs-2022 (TestData/vc-di-eddsa/README.md says where each comes from).</summary>
public sealed class EddsaJcs2022VectorTests
{
    private static (byte[] Seed, byte[] Public) KeyPair()
    {
        var kp = JsonNode.Parse(TestData.Text("vc-di-eddsa", "keyPair.json"))!;
        Assert.True(Multibase.TryDecodeEd25519PrivateKey((string)kp["privateKeyMultibase"]!, out var seed));
        Assert.True(Multibase.TryDecodeEd25519PublicKey((string)kp["publicKeyMultibase"]!, out var pub));
        return (seed, pub);
    }

    private static JsonObject Load(string file) => JsonNode.Parse(TestData.Text("vc-di-eddsa", file))!.AsObject();

    [Fact]
    public void Private_key_of_the_vector_derives_its_public_key()
    {
        var (seed, pub) = KeyPair();
        using var key = Ed25519Keys.FromSeed(seed);
        Assert.Equal(pub, Ed25519Keys.RawPublicKey(key));
    }

    [Fact]
    public void Canonical_document_and_its_hash_match_the_vectors()
    {
        var doc = Load("signedJCS.json");
        doc.Remove("proof");
        var canon = Jcs.Canonicalize(doc);
        Assert.Equal(TestData.Text("vc-di-eddsa", "canonDocJCS.txt"), Encoding.UTF8.GetString(canon));
        Assert.Equal(TestData.Text("vc-di-eddsa", "docHashJCS.txt"), Convert.ToHexStringLower(SHA256.HashData(canon)));
    }

    [Fact]
    public void Proof_configuration_hash_and_combined_hash_match_the_vectors()
    {
        var doc = Load("signedJCS.json");
        doc.Remove("proof");
        var config = JsonNode.Parse(TestData.Text("vc-di-eddsa", "proofCanonJCS.txt"))!.AsObject();
        Assert.Equal(TestData.Text("vc-di-eddsa", "proofCanonJCS.txt"), Encoding.UTF8.GetString(Jcs.Canonicalize(config)));
        Assert.Equal(TestData.Text("vc-di-eddsa", "proofHashJCS.txt"), Convert.ToHexStringLower(SHA256.HashData(Jcs.Canonicalize(config))));
        Assert.Equal(TestData.Text("vc-di-eddsa", "combinedHashJCS.txt"), Convert.ToHexStringLower(EddsaJcs2022.HashData(doc, config)));
    }

    [Theory]
    [InlineData("signedJCS.json")]
    [InlineData("signedJCS-nocontext.json")]
    public void Signing_the_vector_credential_reproduces_its_proofValue(string file)
    {
        var signed = Load(file);
        var proof = signed["proof"]!.AsObject();
        var doc = (JsonObject)signed.DeepClone();
        doc.Remove("proof");
        var (seed, _) = KeyPair();
        using var key = Ed25519Keys.FromSeed(seed);
        var config = (JsonObject)proof.DeepClone();
        config.Remove("proofValue");
        var signature = Ed25519Keys.Sign(key, EddsaJcs2022.HashData(doc, config));
        Assert.Equal((string)proof["proofValue"]!, Multibase.EncodeBase58Btc(signature));
        if (file == "signedJCS.json")
            Assert.Equal(TestData.Text("vc-di-eddsa", "sigHexJCS.txt"), Convert.ToHexStringLower(signature));
    }

    [Theory]
    [InlineData("signedJCS.json")]
    [InlineData("signedJCS-nocontext.json")]
    public void Vector_credentials_verify_and_a_changed_claim_does_not(string file)
    {
        var (_, pub) = KeyPair();
        var signed = Load(file);
        Assert.Null(EddsaJcs2022.Verify(signed, pub));
        signed["credentialSubject"]!["alumniOf"] = "The School of Counterexamples";
        Assert.NotNull(EddsaJcs2022.Verify(signed, pub));
    }

    [Fact]
    public void Our_signer_with_did_key_produces_a_proof_that_verifies()
    {
        var (seed, pub) = KeyPair();
        using var key = Ed25519Keys.FromSeed(seed);
        var doc = Load("signedJCS.json");
        doc.Remove("proof");
        var signed = EddsaJcs2022.Sign(doc, key, DidKey.VerificationMethod(pub), new DateTimeOffset(2023, 2, 24, 23, 36, 38, TimeSpan.Zero));
        Assert.Equal(DidKey.VerificationMethod(pub), (string)signed["proof"]!["verificationMethod"]!);
        Assert.Equal("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", (string)signed["proof"]!["verificationMethod"]!);
        Assert.Null(EddsaJcs2022.Verify(signed, pub));
    }
}

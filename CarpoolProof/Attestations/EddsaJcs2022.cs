using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Evidence;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Attestations;

/// <summary>
/// W3C Data Integrity EdDSA Cryptosuites v1.0, "eddsa-jcs-2022" (section 3.3): proof configuration and document are
/// each canonicalized with JCS and hashed with SHA-256; the signed data is hash(proofConfig) || hash(document); the
/// proofValue is the Ed25519 signature in multibase base58btc.
/// </summary>
public static class EddsaJcs2022
{
    public const string Cryptosuite = "eddsa-jcs-2022";
    public const string ProofType = "DataIntegrityProof";
    public const int MaxDocumentBytes = 1 << 20;

    /// <summary>Returns a copy of <paramref name="unsecured"/> with a "proof" member (section 3.3.1 Create Proof).</summary>
    public static JsonObject Sign(JsonObject unsecured, Key key, string verificationMethod, DateTimeOffset created, string proofPurpose = "assertionMethod")
    {
        if (unsecured.ContainsKey("proof")) throw new ArgumentException("document already holds a proof", nameof(unsecured));
        var proof = new JsonObject
        {
            ["type"] = ProofType,
            ["cryptosuite"] = Cryptosuite,
            ["created"] = UtcTimestamp.ToText(created),
            ["verificationMethod"] = verificationMethod,
            ["proofPurpose"] = proofPurpose,
        };
        // Section 3.3.1 step 3 (2025 text): the proof configuration carries the document's @context.
        if (unsecured["@context"] is { } ctx) proof["@context"] = ctx.DeepClone();
        var hashData = HashData(unsecured, proof);
        var signature = Ed25519Keys.Sign(key, hashData);
        proof["proofValue"] = Multibase.EncodeBase58Btc(signature);
        var secured = (JsonObject)unsecured.DeepClone();
        secured["proof"] = proof;
        return secured;
    }

    /// <summary>hash(JCS(proofConfig)) || hash(JCS(document)), section 3.3.4 Hashing.</summary>
    public static byte[] HashData(JsonObject unsecuredDocument, JsonObject proofConfig)
    {
        var proofHash = SHA256.HashData(Jcs.Canonicalize(proofConfig));
        var docHash = SHA256.HashData(Jcs.Canonicalize(unsecuredDocument));
        return [.. proofHash, .. docHash];
    }

    /// <summary>
    /// Section 3.3.2 Verify Proof, with the public key given by the caller (the verifier decides which key it trusts).
    /// Returns null when the proof verifies, else the reason.
    /// </summary>
    public static string? Verify(JsonObject secured, ReadOnlySpan<byte> expectedPublicKey)
    {
        if (secured["proof"] is not JsonObject proof) return "no proof object";
        if (proof["type"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || (string?)proof["type"] != ProofType) return "proof.type is not DataIntegrityProof";
        if ((string?)proof["cryptosuite"] != Cryptosuite) return "proof.cryptosuite is not eddsa-jcs-2022";
        if (proof["proofValue"] is not JsonValue pv || pv.GetValueKind() != System.Text.Json.JsonValueKind.String) return "proof.proofValue missing";
        if (!Multibase.TryDecodeBase58Btc((string)pv!, out var signature) || signature.Length != Ed25519Keys.SignatureLength)
            return "proof.proofValue is not a base58btc Ed25519 signature";
        if (proof["verificationMethod"] is not JsonValue vm || vm.GetValueKind() != System.Text.Json.JsonValueKind.String) return "proof.verificationMethod missing";
        if (((string)vm!).StartsWith("did:key:", StringComparison.Ordinal))
        {
            if (!DidKey.TryResolve((string)vm!, out var vmKey)) return "proof.verificationMethod is not an Ed25519 did:key";
            if (!vmKey.AsSpan().SequenceEqual(expectedPublicKey)) return "proof.verificationMethod names another key";
        }
        var unsecured = (JsonObject)secured.DeepClone();
        unsecured.Remove("proof");
        var config = (JsonObject)proof.DeepClone();
        config.Remove("proofValue");
        // Section 3.3.2 step 4: a proof @context must equal the document's.
        if (config["@context"] is { } pctx && !JsonNode.DeepEquals(pctx, unsecured["@context"])) return "proof @context differs from the document's";
        if (!Ed25519Keys.TryImportPublicKey(expectedPublicKey, out var key) || key is null) return "not an Ed25519 public key";
        return Ed25519Keys.Verify(key, HashData(unsecured, config), signature) ? null : "proof signature does not verify";
    }
}

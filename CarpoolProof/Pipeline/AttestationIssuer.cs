using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// Builds the attestation of an accepted journey: a W3C Verifiable Credential 2.0 whose subject carries the journey
/// commitment (the log leaf), the proof class, the rule results, the leaf index, the RFC 9162 inclusion proof and the
/// signed checkpoint; secured with a Data Integrity proof, cryptosuite eddsa-jcs-2022, by the platform key.
/// </summary>
public static class AttestationIssuer
{
    public const string CredentialType = "CarpoolProofAttestation";
    public const string VcContext = "https://www.w3.org/ns/credentials/v2";

    public static JsonObject Unsecured(
        JourneyCommitment commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, string issuerDid) =>
        Unsecured(new LoggedJourney(commitment), rules, leafIndex, treeSize, inclusionProof, checkpoint, issuerDid);

    /// <summary>
    /// For a sealed (v2) leaf the subject also carries <c>commitmentSalt</c> and <c>logLeaf</c> (the public leaf):
    /// the holder's opening of the leaf, which the verifier checks hashes to it.
    /// </summary>
    public static JsonObject Unsecured(
        LoggedJourney logged, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, string issuerDid)
    {
        var commitment = logged.Body;
        var leaf = logged.LeafBytes();
        var rulesJson = new JsonArray();
        foreach (var r in rules)
            rulesJson.Add(new JsonObject { ["label"] = r.Label, ["result"] = r.Passed ? "pass" : "fail" });
        var proof = new JsonArray();
        foreach (var h in inclusionProof) proof.Add(Convert.ToBase64String(h));
        var vc = new JsonObject
        {
            ["@context"] = new JsonArray(VcContext),
            ["id"] = "urn:mobility:carpool:attestation:" + StatusChange.LeafHash(leaf),
            ["type"] = new JsonArray("VerifiableCredential", CredentialType),
            ["issuer"] = issuerDid,
            ["validFrom"] = UtcTimestamp.ToText(commitment.AcceptedAt),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = "CarpoolJourney",
                ["journeyCommitment"] = commitment.ToJson(),
                ["proofClass"] = commitment.ProofClass,
                ["status"] = commitment.Status,
                ["ruleResults"] = rulesJson,
                ["transparencyLog"] = new JsonObject
                {
                    ["leafIndex"] = leafIndex,
                    ["treeSize"] = treeSize,
                    ["inclusionProof"] = proof,
                    ["checkpoint"] = checkpoint,
                },
            },
        };
        if (logged.Salt is { } salt)
        {
            var subject = vc["credentialSubject"]!.AsObject();
            subject["commitmentSalt"] = Base64Url.Encode(salt);
            subject["logLeaf"] = JsonNode.Parse(leaf);
        }
        return vc;
    }

    public static JsonObject Issue(
        JourneyCommitment commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, PlatformKey platform, DateTimeOffset created) =>
        Issue(new LoggedJourney(commitment), rules, leafIndex, treeSize, inclusionProof, checkpoint, platform, created);

    public static JsonObject Issue(
        LoggedJourney commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, PlatformKey platform, DateTimeOffset created)
    {
        var doc = Unsecured(commitment, rules, leafIndex, treeSize, inclusionProof, checkpoint, platform.Did);
        return EddsaJcs2022.Sign(doc, platform.Key, platform.VerificationMethod, created);
    }

    /// <summary>
    /// Same credential as <see cref="Issue"/>, written straight into JCS order (no JSON tree), about five times
    /// cheaper: the JSON text of the secured credential, i.e. the canonical document with its "proof" member.
    /// Tests check byte equality with the tree-based path.
    /// </summary>
    public static string IssueText(
        JourneyCommitment commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, PlatformKey platform, ProofConfiguration config) =>
        IssueText(new LoggedJourney(commitment), rules, leafIndex, treeSize, inclusionProof, checkpoint, platform, config);

    public static string IssueText(
        LoggedJourney commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, PlatformKey platform, ProofConfiguration config)
    {
        var doc = CanonicalUnsecured(commitment, rules, leafIndex, treeSize, inclusionProof, checkpoint, platform.Did);
        var hashData = new byte[64];
        config.CanonicalHash.CopyTo(hashData, 0);
        System.Security.Cryptography.SHA256.HashData(doc, hashData.AsSpan(32));
        var proofValue = Canonical.Multibase.EncodeBase58Btc(Ed25519Keys.Sign(platform.Key, hashData));
        var sb = new System.Text.StringBuilder(doc.Length + config.Canonical.Length + 120);
        sb.Append(System.Text.Encoding.UTF8.GetString(doc.AsSpan(0, doc.Length - 1)));
        sb.Append(",\"proof\":");
        sb.Append(System.Text.Encoding.UTF8.GetString(config.Canonical.AsSpan(0, config.Canonical.Length - 1)));
        sb.Append(",\"proofValue\":\"").Append(proofValue).Append("\"}}");
        return sb.ToString();
    }

    /// <summary>The proof configuration of one issuing instant and its JCS bytes and hash (shared by a batch).</summary>
    public sealed class ProofConfiguration
    {
        public ProofConfiguration(PlatformKey platform, DateTimeOffset created)
        {
            var config = new JsonObject
            {
                ["type"] = EddsaJcs2022.ProofType,
                ["cryptosuite"] = EddsaJcs2022.Cryptosuite,
                ["created"] = UtcTimestamp.ToText(created),
                ["verificationMethod"] = platform.VerificationMethod,
                ["proofPurpose"] = "assertionMethod",
                ["@context"] = new JsonArray(VcContext),
            };
            Canonical = Mobility.CarpoolProof.Canonical.Jcs.Canonicalize(config);
            CanonicalHash = System.Security.Cryptography.SHA256.HashData(Canonical);
        }

        public byte[] Canonical { get; }
        public byte[] CanonicalHash { get; }
    }

    /// <summary>JCS bytes of <see cref="Unsecured"/>, written member by member in sorted order.</summary>
    public static byte[] CanonicalUnsecured(
        JourneyCommitment commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, string issuerDid) =>
        CanonicalUnsecured(new LoggedJourney(commitment), rules, leafIndex, treeSize, inclusionProof, checkpoint, issuerDid);

    public static byte[] CanonicalUnsecured(
        LoggedJourney logged, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, string issuerDid)
    {
        var commitment = logged.Body;
        var body = commitment.LeafBytes();
        var leaf = logged.LeafBytes();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        var w = new Canonical.JcsWriter(buffer);
        w.BeginObject();
        w.Name("@context");
        w.BeginArray();
        w.String(VcContext);
        w.EndArray();
        w.Name("credentialSubject");
        w.BeginObject();
        if (logged.Salt is { } salt) w.Property("commitmentSalt", Base64Url.Encode(salt));
        w.Name("journeyCommitment");
        w.CanonicalValue(body);
        if (logged.Salt is not null)
        {
            w.Name("logLeaf");
            w.CanonicalValue(leaf);
        }
        w.Property("proofClass", commitment.ProofClass);
        w.Name("ruleResults");
        w.BeginArray();
        foreach (var r in rules)
        {
            w.BeginObject();
            w.Property("label", r.Label);
            w.Property("result", r.Passed ? "pass" : "fail");
            w.EndObject();
        }
        w.EndArray();
        w.Property("status", commitment.Status);
        w.Name("transparencyLog");
        w.BeginObject();
        w.Property("checkpoint", checkpoint);
        w.Name("inclusionProof");
        w.BeginArray();
        foreach (var h in inclusionProof) w.String(Convert.ToBase64String(h));
        w.EndArray();
        w.Property("leafIndex", leafIndex);
        w.Property("treeSize", treeSize);
        w.EndObject();
        w.Property("type", "CarpoolJourney");
        w.EndObject();
        w.Property("id", "urn:mobility:carpool:attestation:" + StatusChange.LeafHash(leaf));
        w.Property("issuer", issuerDid);
        w.Name("type");
        w.BeginArray();
        w.String("VerifiableCredential");
        w.String(CredentialType);
        w.EndArray();
        w.Property("validFrom", UtcTimestamp.ToText(commitment.AcceptedAt));
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }
}

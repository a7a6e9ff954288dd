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
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, string issuerDid)
    {
        var leaf = commitment.LeafBytes();
        var rulesJson = new JsonArray();
        foreach (var r in rules)
            rulesJson.Add(new JsonObject { ["label"] = r.Label, ["result"] = r.Passed ? "pass" : "fail" });
        var proof = new JsonArray();
        foreach (var h in inclusionProof) proof.Add(Convert.ToBase64String(h));
        return new JsonObject
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
    }

    public static JsonObject Issue(
        JourneyCommitment commitment, IReadOnlyList<RuleResult> rules, long leafIndex, long treeSize,
        IReadOnlyList<byte[]> inclusionProof, string checkpoint, PlatformKey platform, DateTimeOffset created)
    {
        var doc = Unsecured(commitment, rules, leafIndex, treeSize, inclusionProof, checkpoint, platform.Did);
        return EddsaJcs2022.Sign(doc, platform.Key, platform.VerificationMethod, created);
    }
}

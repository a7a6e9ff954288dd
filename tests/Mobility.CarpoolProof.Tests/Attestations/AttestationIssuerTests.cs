using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Attestations;

public sealed class AttestationIssuerTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(17)]
    public void Direct_JCS_writer_issues_the_same_credential_as_the_JSON_tree_path(int proofLength)
    {
        using var platform = PlatformKey.FromSeed(new byte[32]);
        var commitment = new JourneyCommitment("operator1", "j\u00e9\"x", "abc", "B", "anomaly_error", ["distance_duration_anomaly"],
            ProofWorld.Now.AddHours(-2), ProofWorld.Now);
        var rules = new[] { new RuleResult("invalid_signature", true), new RuleResult("distance_duration_anomaly", false) };
        var proof = Enumerable.Range(0, proofLength).Select(i => Enumerable.Repeat((byte)i, 32).ToArray()).ToList();
        const string note = "o\n1\nAAAA\n\n\u2014 o abc=\n";
        var tree = AttestationIssuer.Issue(commitment, rules, 7, 100, proof, note, platform, ProofWorld.Now);
        var text = AttestationIssuer.IssueText(commitment, rules, 7, 100, proof, note, platform,
            new AttestationIssuer.ProofConfiguration(platform, ProofWorld.Now));
        Assert.Equal(Jcs.CanonicalString(tree), Jcs.CanonicalString(JsonNode.Parse(text)));
        Assert.Equal(Jcs.Canonicalize(AttestationIssuer.Unsecured(commitment, rules, 7, 100, proof, note, platform.Did)),
            AttestationIssuer.CanonicalUnsecured(commitment, rules, 7, 100, proof, note, platform.Did));
    }
}

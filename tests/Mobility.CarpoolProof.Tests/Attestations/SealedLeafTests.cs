using System.Text;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Attestations;

/// <summary>
/// Issue 12 part 2, the public log: a v2 leaf discloses no operator, journey, time, class or status; the holder of the
/// attestation opens it with the salt it carries; a wrong salt or a changed body does not open it; v1 leaves and
/// attestations still verify; a sealed status leaf revokes by naming the journey leaf's hash only.
/// </summary>
public sealed class SealedLeafTests : IDisposable
{
    private static readonly byte[] Seed = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private readonly PlatformKey _platform = PlatformKey.FromSeed(Seed);
    private readonly NoteSigner _signer = NoteSigner.FromSeed("test.mobility/log", Seed);

    private static readonly JourneyCommitment Body = new("operator-alpha", "journey0042", Base64Url.Encode(new byte[32]), "C", "ok", [],
        new DateTimeOffset(2026, 3, 10, 7, 58, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 10, 9, 1, 5, TimeSpan.Zero));

    public void Dispose()
    {
        _platform.Dispose();
        _signer.Dispose();
    }

    [Fact]
    public void A_sealed_journey_leaf_discloses_no_operator_journey_time_class_or_status()
    {
        var logged = new LoggedJourney(Body, SealedLeaf.NewSalt());
        var text = Encoding.UTF8.GetString(logged.LeafBytes());
        foreach (var secret in new[] { "operator-alpha", "journey0042", "2026-03-10", "07:58", "\"C\"", "\"ok\"", "proof_class", "status", "start" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        var parsed = SealedLeaf.Parse(logged.LeafBytes());
        Assert.NotNull(parsed);
        Assert.True(parsed.IsJourney);
        Assert.Equal(["commitment", "type"], JsonNode.Parse(text)!.AsObject().Select(p => p.Key));

        // Two journeys with the same body (as a guesser would write it) give unrelated leaves: the salt hides the body.
        Assert.NotEqual(logged.LeafBytes(), new LoggedJourney(Body, SealedLeaf.NewSalt()).LeafBytes());
    }

    [Fact]
    public void The_opening_hashes_to_the_leaf_and_a_wrong_salt_or_body_does_not()
    {
        var salt = SealedLeaf.NewSalt();
        var logged = new LoggedJourney(Body, salt);
        var leaf = logged.LeafBytes();
        Assert.Equal(Body, SealedLeaf.Open(leaf, logged.Opening!));

        var wrongSalt = (byte[])salt.Clone();
        wrongSalt[0] ^= 1;
        Assert.Null(SealedLeaf.Open(leaf, new LeafOpening(wrongSalt, Body.LeafBytes())));
        Assert.Null(SealedLeaf.Open(leaf, new LeafOpening(salt, (Body with { ProofClass = "A" }).LeafBytes())));
        Assert.Null(SealedLeaf.Open(leaf, new LeafOpening(salt[..31], Body.LeafBytes())));

        // A status body under a journey leaf, or a journey body under a status leaf, does not open either.
        var (statusLeaf, statusOpening) = logged.Revocation("canceled", Body.AcceptedAt.AddHours(1));
        Assert.Null(SealedLeaf.Open(leaf, statusOpening!));
        Assert.Null(SealedLeaf.Open(statusLeaf, logged.Opening!));
        Assert.IsType<StatusChange>(SealedLeaf.Open(statusLeaf, statusOpening!));
    }

    [Fact]
    public void Non_canonical_or_foreign_leaves_are_not_sealed_leaves()
    {
        var leaf = new LoggedJourney(Body, SealedLeaf.NewSalt()).LeafBytes();
        var spaced = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(leaf).Replace(",", ", ", StringComparison.Ordinal));
        Assert.Null(SealedLeaf.Parse(spaced));
        Assert.Null(SealedLeaf.Parse(Body.LeafBytes()));
        Assert.Null(SealedLeaf.Parse(Encoding.UTF8.GetBytes("{\"commitment\":\"x\",\"type\":\"mobility/carpool/journey/v2\"}")));
        Assert.Equal(["a", "b"], SealedLeaf.Parse(SealedLeaf.Journey(Base64Url.Encode(new byte[32]), ["b", "a", "b"]))!.Territories);
    }

    [Fact]
    public void The_holder_verifies_a_sealed_attestation_with_the_salt_it_carries()
    {
        var logged = new LoggedJourney(Body, SealedLeaf.NewSalt());
        var (vc, leaves) = Issue(logged);
        var verified = AttestationVerifier.Verify(vc.ToJsonString(), _signer.Verifier.Encoded, leaves);
        Assert.True(verified.Ok, verified.Failure);
        Assert.Equal(Body, verified.Commitment);
        Assert.Equal(logged.LeafBytes(), verified.Leaf);
        Assert.Equal(Base64Url.Encode(logged.Salt!), (string)vc["credentialSubject"]!["commitmentSalt"]!);
    }

    [Fact]
    public void An_attestation_whose_salt_does_not_open_the_leaf_is_refused_even_when_re_signed_by_the_platform()
    {
        var logged = new LoggedJourney(Body, SealedLeaf.NewSalt());
        var (vc, _) = Issue(logged);

        // The platform (or anyone with its key) swaps the salt, or raises the class in the opened body, and re-signs.
        var wrongSalt = Resign(vc, s => s["commitmentSalt"] = Base64Url.Encode(SealedLeaf.NewSalt()));
        var result = AttestationVerifier.Verify(wrongSalt.ToJsonString(), _signer.Verifier.Encoded);
        Assert.Contains("do not open logLeaf", result.Failure, StringComparison.Ordinal);

        var raised = Resign(vc, s =>
        {
            s["journeyCommitment"] = (Body with { ProofClass = "A" }).ToJson();
            s["proofClass"] = "A";
        });
        Assert.Contains("do not open logLeaf", AttestationVerifier.Verify(raised.ToJsonString(), _signer.Verifier.Encoded).Failure, StringComparison.Ordinal);

        var unsalted = Resign(vc, s => s.Remove("commitmentSalt"));
        Assert.Contains("commitmentSalt", AttestationVerifier.Verify(unsalted.ToJsonString(), _signer.Verifier.Encoded).Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_v1_attestation_and_log_still_verify()
    {
        var (vc, leaves) = Issue(new LoggedJourney(Body));
        Assert.Null(vc["credentialSubject"]!["commitmentSalt"]);
        var verified = AttestationVerifier.Verify(vc.ToJsonString(), _signer.Verifier.Encoded, leaves);
        Assert.True(verified.Ok, verified.Failure);
        Assert.Equal(Body.LeafBytes(), verified.Leaf);
        Assert.Equal(Body, ReadLeaf.Of(leaves[1]).Journey);
    }

    [Fact]
    public void A_sealed_status_leaf_revokes_the_attestation_without_naming_operator_or_journey()
    {
        var logged = new LoggedJourney(Body, SealedLeaf.NewSalt());
        var (statusLeaf, _) = logged.Revocation("fraud_error", Body.AcceptedAt.AddHours(1));
        var text = Encoding.UTF8.GetString(statusLeaf);
        Assert.DoesNotContain("operator-alpha", text, StringComparison.Ordinal);
        Assert.DoesNotContain("journey0042", text, StringComparison.Ordinal);
        Assert.DoesNotContain("fraud", text, StringComparison.Ordinal);

        var (vc, leaves) = Issue(logged, statusLeaf);
        var verified = AttestationVerifier.Verify(vc.ToJsonString(), _signer.Verifier.Encoded, leaves);
        Assert.Equal(StatusChange.Revoked, verified.RevokedBy);
        Assert.Equal(StatusChange.LeafHash(logged.LeafBytes()), ReadLeaf.Of(statusLeaf).RevokedLeafHash);
    }

    /// <summary>A log holding a filler leaf, the journey's leaf (index 1) and any later leaves; the attestation of leaf 1.</summary>
    private (JsonObject Vc, List<byte[]> Leaves) Issue(LoggedJourney logged, params byte[][] later)
    {
        using var log = TransparencyLog.CreateInMemory(new TransparencyLogOptions { Origin = _signer.Name, Signer = _signer });
        var leaves = new List<byte[]> { Encoding.UTF8.GetBytes("filler"), logged.LeafBytes() };
        leaves.AddRange(later);
        log.AppendBatch([.. leaves]);
        var checkpoint = log.Checkpoint();
        var proof = log.ProveInclusion(1, log.Size);
        var rules = JourneyDecisionRules();
        return (AttestationIssuer.Issue(logged, rules, 1, log.Size, proof.Path, checkpoint.Note, _platform, ProofWorld.Now), leaves);
    }

    private static List<RuleResult> JourneyDecisionRules() => Mobility.CarpoolProof.Decision.JourneyDecider.RulesOf([]);

    private JsonObject Resign(JsonObject vc, Action<JsonObject> change)
    {
        var copy = JsonNode.Parse(vc.ToJsonString())!.AsObject();
        copy.Remove("proof");
        change(copy["credentialSubject"]!.AsObject());
        return EddsaJcs2022.Sign(copy, _platform.Key, _platform.VerificationMethod, ProofWorld.Now);
    }
}

using FsCheck;
using FsCheck.Fluent;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Pipeline;

/// <summary>Declarations signed once per batch by their operator: same decisions, one verification, no weaker check.</summary>
public sealed class OperatorBatchTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-3);

    private static SignedDeclaration[] Journeys(ProofWorld w, int n, int op = 0) =>
        [.. Enumerable.Range(0, n).Select(i => w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start.AddMinutes(i),
            (ProofClass)(1 + (i % 3)), op))];

    /// <summary>A second pipeline and log over the same keys, people and clock: the same declarations submitted another way.</summary>
    private static (ProofPipeline Pipeline, Mobility.CarpoolProof.Log.TransparencyLog Log) Twin(ProofWorld w)
    {
        var log = Mobility.CarpoolProof.Log.TransparencyLog.CreateInMemory(new Mobility.CarpoolProof.Log.TransparencyLogOptions { Origin = ProofWorld.Origin, Signer = w.Signer });
        return (new ProofPipeline(w.Keys, new GreatCircleRouteEstimator(), log, w.Platform, w.Time), log);
    }

    private static DeclarationBatch Sign(ProofWorld w, IEnumerable<SignedDeclaration> ds, int op = 0) =>
        Signing.SignBatch(w.Op(op).Id, ds, w.Op(op).Key);

    [Fact]
    public void A_signed_batch_is_decided_exactly_as_the_same_declarations_signed_one_by_one()
    {
        using var one = new ProofWorld();
        var (batched, batchedLog) = Twin(one);
        using var _ = batchedLog;
        var ds = Journeys(one, 9);
        var single = one.Pipeline.Submit(ds);
        var viaBatch = batched.SubmitBatch(DeclarationJson.SerializeToUtf8(Sign(one, ds)));

        Assert.Equal(single.Select(o => (o.Kind, o.Class, o.Status, o.LeafIndex)), viaBatch.Select(o => (o.Kind, o.Class, o.Status, o.LeafIndex)));
        Assert.All(viaBatch, o => Assert.Equal(OutcomeKind.Accepted, o.Kind));
        Assert.Contains(viaBatch, o => o.Class == ProofClass.C);
        Assert.Contains(viaBatch, o => o.Class == ProofClass.A);
        // The commitments hash the declaration without its signature, so both logs hold the same declaration hashes.
        Assert.Equal(9, batchedLog.Size);
        Assert.Equal<string>(
            DeclarationBatchCanonical.Hashes(ds),
            ds.Select(d => JourneyCommitment.HashSigningMessage(DeclarationCanonical.SigningMessage(d))));
    }

    [Fact]
    public void Changing_one_declaration_after_signing_refuses_the_whole_batch_and_logs_nothing()
    {
        using var w = new ProofWorld();
        var batch = Sign(w, Journeys(w, 4));
        var changed = batch.Declarations.ToArray();
        changed[2] = changed[2] with { Journey = changed[2].Journey with { Distance = changed[2].Journey.Distance + 1 } };
        var outcomes = w.Pipeline.SubmitBatch(batch with { Declarations = changed });
        Assert.All(outcomes, o =>
        {
            Assert.Equal(OutcomeKind.Refused, o.Kind);
            Assert.Equal(RuleLabel.InvalidSignature, o.Violations.Single().Label);
        });
        Assert.Equal(0, w.Log.Size);
    }

    [Fact]
    public void Reordering_dropping_or_adding_a_declaration_breaks_the_batch_signature()
    {
        using var w = new ProofWorld();
        var ds = Journeys(w, 3);
        var batch = Sign(w, ds);
        var extra = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start) with { OperatorSignature = null };
        foreach (var tampered in new[]
        {
            batch.Declarations.Reverse().ToArray(),
            batch.Declarations.Take(2).ToArray(),
            batch.Declarations.Append(extra).ToArray(),
        })
        {
            var outcomes = w.Pipeline.SubmitBatch(batch with { Declarations = tampered });
            Assert.All(outcomes, o => Assert.Equal(RuleLabel.InvalidSignature, o.Violations.Single().Label));
        }
        Assert.Equal(0, w.Log.Size);
        Assert.All(w.Pipeline.SubmitBatch(batch), o => Assert.Equal(OutcomeKind.Accepted, o.Kind));
    }

    [Fact]
    public void Another_operators_key_or_no_signature_is_refused()
    {
        using var w = new ProofWorld();
        var ds = Journeys(w, 2);
        var forged = Signing.SignBatch(w.Op(0).Id, ds, w.Op(1).Key);
        Assert.All(w.Pipeline.SubmitBatch(forged), o => Assert.Equal(RuleLabel.InvalidSignature, o.Violations.Single().Label));
        Assert.All(w.Pipeline.SubmitBatch(forged with { OperatorSignature = null }), o => Assert.Equal(RuleLabel.MissingSignature, o.Violations.Single().Label));
        Assert.Equal(0, w.Log.Size);
    }

    [Fact]
    public void A_bad_device_statement_refuses_only_its_own_declaration()
    {
        using var w = new ProofWorld();
        var ds = Journeys(w, 3);
        var c = Array.FindIndex(ds, d => d.Evidence.Pickups.Count == 2);
        var p = ds[c].Evidence.Pickups[0];
        var badSig = p.Signature![..^2] + (p.Signature[^2] == 'A' ? "B" : "A") + p.Signature[^1];
        ds[c] = ds[c] with { Evidence = ds[c].Evidence with { Pickups = [p with { Signature = badSig }, ds[c].Evidence.Pickups[1]] } };
        var outcomes = w.Pipeline.SubmitBatch(Sign(w, ds));
        for (var i = 0; i < ds.Length; i++)
            Assert.Equal(i == c ? OutcomeKind.Refused : OutcomeKind.Accepted, outcomes[i].Kind);
        Assert.Equal(RuleLabel.InvalidSignature, outcomes[c].Violations.Single().Label);
    }

    [Fact]
    public void A_batch_is_one_operators_with_no_signature_inside_and_at_most_the_maximum_size()
    {
        using var w = new ProofWorld();
        var batch = Sign(w, Journeys(w, 2));
        var otherOp = batch with { Declarations = [batch.Declarations[0], batch.Declarations[1] with { OperatorId = w.Op(1).Id }] };
        var e = Assert.Throws<DeclarationFormatException>(() => w.Pipeline.SubmitBatch(DeclarationJson.SerializeToUtf8(otherOp)));
        Assert.Equal("$.declarations[1].operator_id", e.JsonPath);
        var signedInside = batch with { Declarations = [batch.Declarations[0] with { OperatorSignature = "AAAA" }, batch.Declarations[1]] };
        e = Assert.Throws<DeclarationFormatException>(() => w.Pipeline.SubmitBatch(DeclarationJson.SerializeToUtf8(signedInside)));
        Assert.Equal("$.declarations[0].operator_signature", e.JsonPath);
        e = Assert.Throws<DeclarationFormatException>(() => w.Pipeline.SubmitBatch(DeclarationJson.SerializeToUtf8(batch with { Declarations = [] })));
        Assert.Equal("$.declarations", e.JsonPath);
        Assert.Throws<DeclarationFormatException>(() => w.Pipeline.SubmitBatch("{\"operator_id\":\"x\"}"u8.ToArray()));
        Assert.Equal(0, w.Log.Size);
    }

    [Fact]
    public void Flipping_any_bit_of_the_batch_signature_fails_verification()
    {
        using var w = new ProofWorld();
        var ds = Journeys(w, 2).Select(d => d with { OperatorSignature = null }).ToArray();
        var batch = Sign(w, ds);
        var hashes = DeclarationBatchCanonical.Hashes(ds);
        Assert.Null(EvidenceVerifier.VerifyBatch(batch.OperatorId, batch.OperatorSignature, hashes, w.Keys));
        Assert.True(Base64Url.TryDecode(batch.OperatorSignature, Ed25519Keys.SignatureLength, out var sig));
        Prop.ForAll(Gen.Choose(0, (sig.Length * 8) - 1).ToArbitrary(), bit =>
        {
            var flipped = (byte[])sig.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            return EvidenceVerifier.VerifyBatch(batch.OperatorId, Base64Url.Encode(flipped), hashes, w.Keys) is not null;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Pipelined_batches_give_the_same_outcomes_as_one_by_one_submission()
    {
        using var a = new ProofWorld();
        var (b, bLog) = Twin(a);
        using var _ = bLog;
        var ds = Journeys(a, 12);
        var expected = ds.Chunk(5).SelectMany(c => a.Pipeline.SubmitBatch(Sign(a, c))).Select(o => (o.Kind, o.Class, o.LeafIndex)).ToList();
        var got = new List<(OutcomeKind, ProofClass?, long?)>();
        b.SubmitBatchesPipelined(ds.Chunk(5).Select(c => (ReadOnlyMemory<byte>)DeclarationJson.SerializeToUtf8(Sign(a, c))),
            outcomes => got.AddRange(outcomes.Select(o => (o.Kind, o.Class, o.LeafIndex))));
        Assert.Equal(expected, got);
        Assert.Equal(12, got.Count);
    }
}

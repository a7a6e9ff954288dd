using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Pipeline;

public sealed class PipelineEndToEndTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-3);

    [Fact]
    public void Accepted_class_C_journey_gets_an_attestation_that_verifies_offline()
    {
        using var w = new ProofWorld();
        var outcome = w.SubmitOne(w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start));
        Assert.Equal(OutcomeKind.Accepted, outcome.Kind);
        Assert.Equal(ProofClass.C, outcome.Class);
        Assert.Equal(JourneyStatus.Ok, outcome.Status);
        Assert.Equal(DeclarationVerdict.Recorded, outcome.Verdict);
        var (index, _, json) = Assert.Single(w.Pipeline.LastAttestations);
        Assert.Equal(0, index);
        var result = AttestationVerifier.Verify(json, w.Vkey);
        Assert.True(result.Ok, result.Failure);
        Assert.Equal("C", result.Commitment!.ProofClass);
    }

    [Fact]
    public void Attestation_does_not_verify_under_another_platform_key()
    {
        using var w = new ProofWorld();
        w.SubmitOne(w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start));
        using var other = Mobility.CarpoolProof.Log.Notes.NoteSigner.Generate(ProofWorld.Origin);
        var result = AttestationVerifier.Verify(w.Pipeline.LastAttestations[0].Json, other.Verifier.Encoded);
        Assert.False(result.Ok);
    }

    [Fact]
    public void Duplicate_operator_journey_id_is_a_conflict()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        Assert.Equal(OutcomeKind.Accepted, w.SubmitOne(d).Kind);
        var again = w.SubmitOne(d);
        Assert.Equal(OutcomeKind.Conflict, again.Kind);
        Assert.Equal(DeclarationVerdict.AlreadyRecorded, again.Verdict);
        Assert.Equal(RuleLabel.DuplicateJourney, again.Violations.Single().Label);
        Assert.Equal(1, w.Log.Size);
    }

    [Fact]
    public void Duplicate_inside_one_batch_is_a_conflict_too()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var outcomes = w.Pipeline.Submit([d, d]);
        Assert.Equal(OutcomeKind.Accepted, outcomes[0].Kind);
        Assert.Equal(OutcomeKind.Conflict, outcomes[1].Kind);
    }

    [Fact]
    public void Statements_re_signed_for_another_journey_with_a_used_challenge_are_refused_as_replayed()
    {
        using var w = new ProofWorld();
        var a = w.Carpools.NewPerson();
        var b = w.Carpools.NewPerson();
        var first = w.Journey(a, b, Start);
        Assert.Equal(OutcomeKind.Accepted, w.SubmitOne(first).Kind);
        // Both devices sign fresh statements for a new journey id, but over the challenge of the first exchange.
        var resigned = w.Journey(a, b, Start.AddHours(2), reuseChallenge: first.Evidence.Pickups[0].Challenge);
        var outcome = w.SubmitOne(resigned);
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(RuleLabel.ReplayedStatement, outcome.Violations.Single().Label);
        Assert.Equal(1, w.Log.Size);
    }

    [Fact]
    public void Statements_copied_verbatim_into_another_journey_are_refused()
    {
        using var w = new ProofWorld();
        var a = w.Carpools.NewPerson();
        var b = w.Carpools.NewPerson();
        var first = w.Journey(a, b, Start);
        w.SubmitOne(first);
        var other = w.Journey(a, b, Start.AddHours(2));
        var copied = Mobility.CarpoolProof.Evidence.Signing.Sign(other with { Evidence = first.Evidence }, w.Op().Key);
        var outcome = w.SubmitOne(copied);
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(RuleLabel.InvalidEvidence, outcome.Violations.Single().Label);
    }

    [Fact]
    public void Cross_operator_overlap_flags_the_new_journey_and_revokes_the_earlier_one_in_the_log()
    {
        using var w = new ProofWorld();
        var passenger = w.Carpools.NewPerson();
        var first = w.Journey(w.Carpools.NewPerson(), passenger, Start, op: 0);
        w.SubmitOne(first);
        var firstAttestation = w.Pipeline.LastAttestations[0].Json;
        var second = w.SubmitOne(w.Journey(w.Carpools.NewPerson(), passenger, Start.AddMinutes(5), op: 1));
        Assert.Equal(OutcomeKind.Accepted, second.Kind);
        Assert.Equal(JourneyStatus.FraudError, second.Status);
        Assert.Contains(second.Violations, v => v.Label == RuleLabel.InteroperatorOverlap);
        Assert.Equal(3, w.Log.Size); // first, second, and the status change revoking first
        var leaves = Enumerable.Range(0, 3).Select(i => w.Log.ReadLeaf(i)).ToList();
        var verdict = AttestationVerifier.Verify(firstAttestation, w.Vkey, leaves);
        Assert.False(verdict.Ok);
        Assert.Equal(RuleLabel.InteroperatorOverlap, verdict.RevokedBy);
        Assert.Equal(JourneyStatus.FraudError, w.Pipeline.Find(first.OperatorId, first.Journey.OperatorJourneyId)!.Status);
    }

    [Fact]
    public void Class_A_naming_a_person_cannot_revoke_their_overlapping_class_C_journey_at_another_operator()
    {
        using var w = new ProofWorld();
        var passenger = w.Carpools.NewPerson();
        var genuine = w.Journey(w.Carpools.NewPerson(), passenger, Start, op: 0);
        w.SubmitOne(genuine);
        var attestation = w.Pipeline.LastAttestations[0].Json;
        var forged = w.SubmitOne(w.Journey(w.Carpools.NewPerson(), passenger, Start.AddMinutes(5), cls: ProofClass.A, op: 1));
        Assert.Equal(JourneyStatus.FraudError, forged.Status);
        Assert.Contains(forged.Violations, v => v.Label == RuleLabel.InteroperatorOverlap);
        Assert.Equal(2, w.Log.Size); // no status change
        Assert.True(AttestationVerifier.Verify(attestation, w.Vkey, [w.Log.ReadLeaf(0), w.Log.ReadLeaf(1)]).Ok);
        Assert.Equal(JourneyStatus.Ok, w.Pipeline.Find(genuine.OperatorId, genuine.Journey.OperatorJourneyId)!.Status);
    }

    [Fact]
    public void A_class_C_journey_overlapping_an_earlier_class_A_one_stays_ok_and_revokes_it()
    {
        using var w = new ProofWorld();
        var passenger = w.Carpools.NewPerson();
        var weak = w.Journey(w.Carpools.NewPerson(), passenger, Start, cls: ProofClass.A, op: 1);
        w.SubmitOne(weak);
        var strong = w.SubmitOne(w.Journey(w.Carpools.NewPerson(), passenger, Start.AddMinutes(5), op: 0));
        Assert.Equal(JourneyStatus.Ok, strong.Status);
        Assert.DoesNotContain(strong.Rules, r => !r.Passed);
        Assert.Equal(3, w.Log.Size);
        Assert.Equal(JourneyStatus.FraudError, w.Pipeline.Find(weak.OperatorId, weak.Journey.OperatorJourneyId)!.Status);
    }

    [Fact]
    public void Driver_and_passenger_with_one_identity_are_refused_and_nothing_is_logged()
    {
        using var w = new ProofWorld();
        var person = w.Carpools.NewPerson();
        var outcome = w.SubmitOne(w.Journey(person, person, Start, cls: ProofClass.A));
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(DeclarationVerdict.Invalid, outcome.Verdict);
        Assert.Equal(RuleLabel.DriverIsPassenger, Assert.Single(outcome.Violations).Label);
        Assert.Equal(0, w.Log.Size);
    }

    [Fact]
    public void Cancellation_is_a_logged_status_change_that_revokes_the_attestation()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        w.SubmitOne(d);
        var json = w.Pipeline.LastAttestations[0].Json;
        Assert.True(AttestationVerifier.Verify(json, w.Vkey, [w.Log.ReadLeaf(0)]).Ok);
        var index = w.Pipeline.Flag(d.OperatorId, d.Journey.OperatorJourneyId, JourneyStatus.Canceled, "canceled_by_operator");
        Assert.Equal(1, index);
        var verdict = AttestationVerifier.Verify(json, w.Vkey, [w.Log.ReadLeaf(0), w.Log.ReadLeaf(1)]);
        Assert.False(verdict.Ok);
        Assert.Equal("canceled_by_operator", verdict.RevokedBy);
        Assert.Null(w.Pipeline.Flag(d.OperatorId, d.Journey.OperatorJourneyId, JourneyStatus.Canceled, "again"));
    }

    [Fact]
    public void Terms_violation_is_refused_and_changes_nothing_stored()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), ProofWorld.Now.AddHours(-25));
        var outcome = w.SubmitOne(d);
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(DeclarationVerdict.TermsViolation, outcome.Verdict);
        Assert.Contains(outcome.Violations, v => v.Label == RuleLabel.Expired);
        Assert.Equal(0, w.Log.Size);
        Assert.Equal(0, w.Pipeline.JourneyCount);
    }

    [Fact]
    public void Malformed_body_is_refused_with_the_json_path()
    {
        using var w = new ProofWorld();
        var body = System.Text.Encoding.UTF8.GetBytes("""{"operator_id":"operator1","journey":{"operator_journey_id":5}}""");
        var outcome = w.Pipeline.Submit([new ReadOnlyMemory<byte>(body)])[0];
        Assert.Equal(OutcomeKind.Refused, outcome.Kind);
        Assert.Equal(DeclarationVerdict.Invalid, outcome.Verdict);
        Assert.Contains("operator_journey_id", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Journeys_nonces_and_log_survive_a_restart()
    {
        var dir = Directory.CreateTempSubdirectory("proof-restart").FullName;
        try
        {
            using var w = new ProofWorld(dir);
            var (driver, passenger) = (w.Carpools.NewPerson(), w.Carpools.NewPerson());
            var d = w.Journey(driver, passenger, Start);
            w.SubmitOne(d);
            var root = w.Log.RootHash();
            w.Restart();
            Assert.Equal(root, w.Log.RootHash());
            Assert.Equal(OutcomeKind.Conflict, w.SubmitOne(d).Kind);
            // The values used are restored to the identities that used them.
            var reused = w.Journey(driver, passenger, Start.AddHours(1), reuseChallenge: d.Evidence.Pickups[0].Challenge);
            Assert.Equal(RuleLabel.ReplayedStatement, w.SubmitOne(reused).Violations.Single().Label);
            Assert.Single(w.Store!.Attestations());
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Fifth_trip_of_the_day_for_a_driver_is_refused_under_the_terms()
    {
        using var w = new ProofWorld();
        var driver = w.Carpools.NewPerson();
        var day = new DateTimeOffset(2026, 3, 10, 6, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 4; i++)
            Assert.Equal(OutcomeKind.Accepted, w.SubmitOne(w.Journey(driver, w.Carpools.NewPerson(), day.AddHours(2 * i))).Kind);
        var fifth = w.SubmitOne(w.Journey(driver, w.Carpools.NewPerson(), day.AddHours(8).AddMinutes(30)));
        Assert.Equal(OutcomeKind.Refused, fifth.Kind);
        Assert.Equal(DeclarationVerdict.TermsViolation, fifth.Verdict);
        Assert.Contains(fifth.Violations, v => v.Label == RuleLabel.TooManyTripsByDay);
        Assert.Equal(4, w.Log.Size);
    }

    [Fact]
    public void Same_pair_again_within_30_minutes_is_refused_on_one_operator_and_flagged_across_operators()
    {
        using var w = new ProofWorld();
        var a = w.Carpools.NewPerson();
        var b = w.Carpools.NewPerson();
        var first = w.Journey(a, b, Start);
        w.SubmitOne(first);
        var soon = first.Journey.End.Datetime.AddMinutes(29);
        var same = w.SubmitOne(w.Journey(a, b, soon, op: 0));
        Assert.Equal(RuleLabel.TooCloseTrips, Assert.Single(same.Violations).Label);
        Assert.Equal(DeclarationVerdict.TermsViolation, same.Verdict);
        var other = w.SubmitOne(w.Journey(a, b, soon, op: 1));
        Assert.Equal(OutcomeKind.Accepted, other.Kind);
        Assert.Equal(JourneyStatus.FraudError, other.Status);
        Assert.Equal(RuleLabel.InteroperatorTooCloseTrips, Assert.Single(other.Violations).Label);
        var later = w.SubmitOne(w.Journey(a, b, first.Journey.End.Datetime.AddMinutes(30 + 60), op: 0));
        Assert.Equal(OutcomeKind.Accepted, later.Kind);
    }
}

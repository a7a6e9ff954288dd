using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using static Mobility.Actors.Carpool.JourneyMessages;

namespace Mobility.Actors.Tests.Carpool;

/// <summary>The journey entity's state, one section per state: nothing recorded, recorded, revoked.</summary>
public sealed class JourneyStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private const string Key = "metro/j1";
    private static readonly string Driver = new('d', 64);
    private static readonly string Passenger = new('e', 64);
    private static readonly byte[] Leaf = "{\"type\":\"mobility/carpool/journey/v1\"}"u8.ToArray();

    private static readonly JourneyView View = new("metro", "j1", "t1", JourneyStatus.Ok, "C", [], [new RuleResult(RuleLabel.InteroperatorOverlap, true)],
        T0, T0.AddMinutes(20), T0.AddHours(1), 4, "{}", null, null);

    private static readonly CarpoolEvents.JourneyAccepted Accepted = new(View, Driver, Passenger, ["challenge:c1", "nonce:n1"], Convert.ToBase64String(Leaf));

    private static JourneyState Recorded => JourneyState.Empty.Apply(Accepted);

    private static JourneyState Revoked(string status = JourneyStatus.Canceled) =>
        Recorded.Apply(new CarpoolEvents.JourneyFlagged(Key, status, "canceled", 9, T0.AddHours(2)));

    // Nothing recorded.

    [Fact]
    public void An_empty_journey_is_not_found_and_a_declaration_starts_the_decision()
    {
        Assert.IsType<NotFound>(JourneyState.Empty.Process(new Get(Key), T0).Reply);
        var step = JourneyState.Empty.Process(new Declare(Key, [1]), T0);
        Assert.True(step.Decides);
        Assert.Null(step.Reply);
    }

    [Fact]
    public void A_journey_decided_by_a_batch_is_persisted_as_the_batch_decided_it()
    {
        var step = JourneyState.Empty.Process(new JourneyMessages.Record(Key, Accepted), T0);
        Assert.Same(Accepted, step.Persist);
        Assert.Null(step.Reply);
        Assert.False(step.Decides);
    }

    [Fact]
    public void A_batch_sent_again_finds_its_journey_recorded_and_another_leaf_is_a_conflict()
    {
        // The crash after the journal write, before the answer: the same batch again records nothing twice.
        var same = Assert.IsType<Declared>(Recorded.Process(new JourneyMessages.Record(Key, Accepted), T0).Reply);
        Assert.Equal((DeclarationVerdict.Recorded, View), (same.Verdict, same.Journey));
        var other = Assert.IsType<Declared>(Recorded.Process(new JourneyMessages.Record(Key, Accepted with { LeafBase64 = Convert.ToBase64String([1, 2]) }), T0).Reply);
        Assert.Equal(DeclarationVerdict.AlreadyRecorded, other.Verdict);
        Assert.Null(other.Journey);
    }

    [Fact]
    public void An_empty_journey_cannot_be_flagged()
    {
        var reply = Assert.IsType<Flagged>(JourneyState.Empty.Process(new Flag(Key, JourneyStatus.Canceled, "canceled", true), T0).Reply);
        Assert.Equal(FlagResult.NotFound, reply.Result);
    }

    // Recorded.

    [Fact]
    public void A_recorded_journey_answers_a_second_declaration_already_recorded_without_deciding_again()
    {
        var step = Recorded.Process(new Declare(Key, [1]), T0);
        Assert.False(step.Decides);
        var reply = Assert.IsType<Declared>(step.Reply);
        Assert.Equal(DeclarationVerdict.AlreadyRecorded, reply.Verdict);
        Assert.Equal(RuleLabel.DuplicateJourney, Assert.Single(reply.Violations).Label);
        Assert.Equal(View, Assert.IsType<Found>(Recorded.Process(new Get(Key), T0).Reply).Journey);
    }

    [Fact]
    public void Flagging_a_recorded_journey_appends_a_revocation_of_its_leaf()
    {
        var step = Recorded.Process(new Flag(Key, JourneyStatus.FraudError, RuleLabel.InteroperatorOverlap, false), T0.AddMinutes(90).AddMilliseconds(400));
        Assert.Null(step.Reply);
        var leaf = System.Text.Json.Nodes.JsonNode.Parse(step.Leaf!)!.AsObject();
        Assert.Equal(StatusChange.LeafHash(Leaf), leaf["journey_leaf_hash"]!.GetValue<string>());
        Assert.Equal((StatusChange.Revoked, RuleLabel.InteroperatorOverlap, "2026-03-01T09:30:00Z"),
            (leaf["status"]!.GetValue<string>(), leaf["reason"]!.GetValue<string>(), leaf["at"]!.GetValue<string>()));
    }

    [Fact]
    public void A_sealed_journey_is_revoked_by_a_sealed_status_leaf_that_names_its_leaf_and_opens_with_its_salt()
    {
        var salt = SealedLeaf.NewSalt();
        var body = new JourneyCommitment("metro", "j1", "abc", "C", JourneyStatus.Ok, [], T0, T0.AddHours(1));
        var sealedLeaf = new LoggedJourney(body, salt).LeafBytes();
        var state = JourneyState.Empty.Apply(Accepted with { LeafBase64 = Convert.ToBase64String(sealedLeaf), LeafSalt = Mobility.CarpoolProof.Evidence.Base64Url.Encode(salt) });
        var step = state.Process(new Flag(Key, JourneyStatus.FraudError, RuleLabel.InteroperatorOverlap, false), T0.AddMinutes(90));
        var text = System.Text.Encoding.UTF8.GetString(step.Leaf!);
        Assert.DoesNotContain("metro", text, StringComparison.Ordinal);
        Assert.Equal(StatusChange.LeafHash(sealedLeaf), SealedLeaf.Parse(step.Leaf!)!.JourneyLeafHash);
        var change = Assert.IsType<StatusChange>(SealedLeaf.Open(step.Leaf!, step.Opening!));
        Assert.Equal(("metro", "j1", RuleLabel.InteroperatorOverlap), (change.OperatorId, change.OperatorJourneyId, change.Reason));
        Assert.Equal(salt, step.Opening!.Salt);

        // The append guard keys it as a revocation of that leaf, and the sealed journey leaf by its opening's journey.
        Assert.Equal("revocation:" + StatusChange.LeafHash(sealedLeaf), LogAppendGuard.KeyOf(step.Leaf!, step.Opening));
        Assert.Equal("journey:metro/j1", LogAppendGuard.KeyOf(sealedLeaf, new LoggedJourney(body, salt).Opening));
        Assert.Null(LogAppendGuard.KeyOf(sealedLeaf));
    }

    [Fact]
    public void A_recorded_journey_counts_for_both_identities_in_each_role()
    {
        var trips = Recorded.Trips();
        Assert.Equal([(Driver, "driver", Passenger), (Passenger, "passenger", Driver)], trips.Select(t => (t.Identity, t.Trip.Role, t.Trip.Counterpart)));
        Assert.All(trips, t => Assert.Equal(("C", Key), (t.Trip.ProofClass, t.Trip.JourneyKey)));
    }

    // Revoked.

    [Fact]
    public void A_revoked_journey_shows_its_revocation_and_the_same_flag_again_is_a_harmless_retry()
    {
        var s = Revoked();
        Assert.Equal((JourneyStatus.Canceled, "canceled", (long?)9), (s.View!.Status, s.View.Revocation, s.View.RevocationLeafIndex));
        var again = Assert.IsType<Flagged>(s.Process(new Flag(Key, JourneyStatus.Canceled, "canceled", true), T0).Reply);
        Assert.Equal(FlagResult.Flagged, again.Result);
        Assert.Equal(s.View, again.Journey);
    }

    [Fact]
    public void A_revoked_journey_refuses_another_status_and_a_new_declaration()
    {
        var s = Revoked();
        var other = Assert.IsType<Flagged>(s.Process(new Flag(Key, JourneyStatus.FraudError, "fraud", false), T0).Reply);
        Assert.Equal(FlagResult.Conflict, other.Result);
        Assert.Equal(DeclarationVerdict.AlreadyRecorded, Assert.IsType<Declared>(s.Process(new Declare(Key, [1]), T0).Reply).Verdict);
    }
}

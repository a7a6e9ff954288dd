using FsCheck;
using FsCheck.Xunit;
using Mobility.CarpoolProof.Decision;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Decision;

/// <summary>
/// Evidence v2 (docs/proofs.md): one statement per device. The same journey grades the same in v1 and v2, whatever
/// its statements say (near or far from the declared points, right or wrong peer, same or different challenge), and a
/// v2 statement is as binding as the two it replaces.
/// </summary>
public sealed class EvidenceV2Tests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-3);
    private ProofClass? _lastClass;

    [Property(MaxTest = 200)]
    public bool V1_and_v2_evidence_of_the_same_journey_grade_the_same(int occupants, int pickupShift, int dropoffShift, int metres, bool samePeer, bool sameChallenge, bool passengerLate)
    {
        using var w = new ProofWorld();
        var (driver, passenger) = (w.Carpools.NewPerson(), w.Carpools.NewPerson());
        var plain = w.Journey(driver, passenger, Start, ProofClass.A);
        var j = plain.Journey;
        var who = ((uint)occupants % 3) switch { 0 => Array.Empty<(SyntheticCarpools.Person, SyntheticCarpools.Person, string)>(),
            1 => [(driver, passenger, OccupantRole.Driver)], _ => [(driver, passenger, OccupantRole.Driver), (passenger, driver, OccupantRole.Passenger)] };
        var pickups = new List<PickupStatement>();
        var dropoffs = new List<DropoffStatement>();
        var k = 0;
        foreach (var (me, peer, role) in who)
        {
            // Shifts of up to 15 min and offsets of up to 1.5 km cross the 10 min / 1 km / 2 min / 200 m bounds both ways.
            var late = role == OccupantRole.Passenger && passengerLate ? 150 : 0;
            var (lat, lon) = SyntheticCarpools.Move(j.Start.Lat, j.Start.Lon, 90, Math.Abs(metres % 1_500) * k);
            pickups.Add(me.Sign(new PickupStatement(role, me.DeviceKey, samePeer ? peer.DeviceKey : me.DeviceKey, plain.OperatorId, j.OperatorJourneyId,
                sameChallenge || k == 0 ? "Y2hhbGxlbmdlLWNoYWxsZW5nZQ" : "b3RoZXItY2hhbGxlbmdlLXh5eg", j.Start.Datetime.AddSeconds(pickupShift % 900 + late), lat, lon)));
            dropoffs.Add(me.Sign(new DropoffStatement(role, me.DeviceKey, plain.OperatorId, j.OperatorJourneyId, Base64Url.Encode(BitConverter.GetBytes((long)k + 1).Concat(new byte[8]).ToArray()),
                j.End.Datetime.AddSeconds(dropoffShift % 900), j.End.Lat, j.End.Lon)));
            k++;
        }

        var v1 = Signing.Sign(plain with { Evidence = new JourneyEvidence(pickups, dropoffs) }, w.Op().Key);
        var v2 = Signing.Sign(plain with { Evidence = SyntheticCarpools.ToV2(pickups, dropoffs, driver, passenger) }, w.Op().Key);
        var a = JourneyDecider.Examine(v1, w.Keys, w.Router, ProofWorld.Now);
        var b = JourneyDecider.Examine(v2, w.Keys, w.Router, ProofWorld.Now);
        _lastClass = a.Grade?.Class;
        return a.Refused == b.Refused && a.Grade?.Class == b.Grade?.Class && (a.Grade?.Reasons ?? []).SequenceEqual(b.Grade?.Reasons ?? [])
            && a.Values.SequenceEqual(b.Values);
    }

    [Theory]
    [InlineData(2, 0, 0, 0, true, true, false, ProofClass.C)]
    [InlineData(2, 0, 0, 0, true, false, false, ProofClass.B)]   // challenges differ: no co-presence
    [InlineData(2, 0, 0, 0, true, true, true, ProofClass.B)]     // pick-ups 2.5 min apart
    [InlineData(1, 0, 0, 0, true, true, false, ProofClass.B)]
    [InlineData(2, 700, 0, 0, true, true, false, ProofClass.A)]  // both pick-ups more than 10 min from the start
    [InlineData(0, 0, 0, 0, true, true, false, ProofClass.A)]
    public void The_property_s_journeys_span_every_class(int occupants, int pickupShift, int dropoffShift, int metres, bool samePeer, bool sameChallenge,
        bool passengerLate, ProofClass expected)
    {
        // Guards the property above against generating only one class.
        Assert.True(V1_and_v2_evidence_of_the_same_journey_grade_the_same(occupants, pickupShift, dropoffShift, metres, samePeer, sameChallenge, passengerLate));
        Assert.Equal(expected, _lastClass);
    }

    [Fact]
    public void A_v2_class_C_journey_costs_two_device_verifications_and_is_recorded_as_C_through_json()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start, ProofClass.C, evidence: 2);
        Assert.Equal((0, 0, 2), (d.Evidence.Pickups.Count, d.Evidence.Dropoffs.Count, d.Evidence.Statements!.Count));
        var outcome = w.Pipeline.Submit([new ReadOnlyMemory<byte>(DeclarationJson.SerializeToUtf8(d))])[0];
        Assert.Equal((OutcomeKind.Accepted, ProofClass.C, JourneyStatus.Ok), (outcome.Kind, outcome.Class, outcome.Status));
    }

    [Fact]
    public void A_v2_statement_changed_after_signing_or_signed_for_another_journey_is_refused()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start, ProofClass.C, evidence: 2);
        var s = d.Evidence.Statements!;
        var moved = Signing.Sign(d with { Evidence = d.Evidence with { Statements = [s[0] with { PickupLat = s[0].PickupLat + 0.01 }, s[1]] } }, w.Op().Key);
        Assert.Equal(RuleLabel.InvalidSignature, w.SubmitOne(moved).Violations.Single().Label);

        var other = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start.AddHours(1), ProofClass.C, evidence: 2);
        var borrowed = Signing.Sign(other with { Evidence = d.Evidence }, w.Op().Key);
        Assert.Equal(RuleLabel.InvalidEvidence, w.SubmitOne(borrowed).Violations.Single().Label);
        Assert.Equal(0, w.Log.Size);
    }

    [Fact]
    public void V1_and_v2_statements_in_one_declaration_or_two_of_one_role_are_refused()
    {
        using var w = new ProofWorld();
        var (a, b) = (w.Carpools.NewPerson(), w.Carpools.NewPerson());
        var v1 = w.Journey(a, b, Start, ProofClass.C);
        var v2 = SyntheticCarpools.ToV2(v1.Evidence.Pickups, v1.Evidence.Dropoffs, a, b);
        var mixed = Signing.Sign(v1 with { Evidence = v1.Evidence with { Statements = v2.Statements } }, w.Op().Key);
        Assert.Equal(RuleLabel.InvalidEvidence, w.SubmitOne(mixed).Violations.Single().Label);

        var twice = Signing.Sign(v1 with { Evidence = v2 with { Statements = [v2.Statements![0], v2.Statements[0]] } }, w.Op().Key);
        Assert.Equal(RuleLabel.ReplayedStatement, w.SubmitOne(twice).Violations.Single().Label);
    }

    [Fact]
    public void The_same_devices_re_signing_an_old_exchange_in_v2_are_refused_as_replayed_whichever_version_came_first()
    {
        using var w = new ProofWorld();
        var (a, b) = (w.Carpools.NewPerson(), w.Carpools.NewPerson());
        var first = w.Journey(a, b, Start, ProofClass.C, evidence: 1);
        Assert.Equal(OutcomeKind.Accepted, w.SubmitOne(first).Kind);
        var again = w.Journey(a, b, Start.AddHours(2), ProofClass.C, reuseChallenge: first.Evidence.Pickups[0].Challenge, evidence: 2);
        Assert.Equal(RuleLabel.ReplayedStatement, w.SubmitOne(again).Violations.Single().Label);
    }
}

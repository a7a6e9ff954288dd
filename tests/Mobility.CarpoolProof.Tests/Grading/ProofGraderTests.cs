using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Grading;

/// <summary>The grading table of docs/proofs.md, one row per case.</summary>
public sealed class ProofGraderTests
{
    private static readonly DateTimeOffset Start = ProofWorld.Now.AddHours(-1);

    private static ProofClass Grade(ProofWorld w, SignedDeclaration d)
    {
        d = Signing.Sign(d, w.Carpools.Operators.First(o => o.Id == d.OperatorId).Key);
        var check = EvidenceVerifier.Verify(d, w.Keys);
        Assert.True(check.Ok, check.FailureDetail);
        return ProofGrader.Grade(d, check).Class;
    }

    private static SignedDeclaration Only(SignedDeclaration d, string role) => d with
    {
        Evidence = new JourneyEvidence([.. d.Evidence.Pickups.Where(p => p.Role == role)], [.. d.Evidence.Dropoffs.Where(p => p.Role == role)]),
    };

    [Fact]
    public void Operator_signature_alone_is_A_whatever_operator_class_says()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start, ProofClass.A);
        Assert.Equal("C", d.Journey.OperatorClass); // the operator claims C
        Assert.Equal(ProofClass.A, Grade(w, d));
    }

    [Theory]
    [InlineData(OccupantRole.Driver)]
    [InlineData(OccupantRole.Passenger)]
    public void One_occupant_with_pickup_and_dropoff_is_B(string role)
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        Assert.Equal(ProofClass.B, Grade(w, Only(d, role)));
    }

    [Fact]
    public void Pickup_without_dropoff_is_A()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        Assert.Equal(ProofClass.A, Grade(w, d with { Evidence = d.Evidence with { Dropoffs = [] } }));
    }

    [Fact]
    public void Both_occupants_co_present_with_distinct_identities_is_C()
    {
        using var w = new ProofWorld();
        Assert.Equal(ProofClass.C, Grade(w, w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start)));
    }

    [Fact]
    public void Different_challenges_at_pickup_is_B()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var p = d.Evidence.Pickups[1];
        // The passenger's device signs its pick-up over a challenge the driver's device never saw.
        var e = d.Evidence with { Pickups = [d.Evidence.Pickups[0], ResignWith(w, p, p with { Challenge = Base64Url.Encode(new byte[16]) })] };
        Assert.Equal(ProofClass.B, Grade(w, d with { Evidence = e }));
    }

    [Fact]
    public void Pickup_statements_that_do_not_name_each_other_are_B()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var p = d.Evidence.Pickups[1];
        var e = d.Evidence with { Pickups = [d.Evidence.Pickups[0], ResignWith(w, p, p with { PeerDeviceKey = w.Carpools.NewPerson().DeviceKey })] };
        Assert.Equal(ProofClass.B, Grade(w, d with { Evidence = e }));
    }

    [Theory]
    [InlineData(119, 0, ProofClass.C)]   // pick-ups 1 min 59 s apart: still co-present
    [InlineData(121, 0, ProofClass.B)]   // 2 min 1 s apart
    [InlineData(0, 0.0017, ProofClass.C)]  // ~190 m apart
    [InlineData(0, 0.0020, ProofClass.B)]  // ~222 m apart
    public void Co_presence_boundaries(int seconds, double latOffset, ProofClass expected)
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start);
        var driverPickup = d.Evidence.Pickups[0];
        var p = d.Evidence.Pickups[1];
        var moved = p with { Datetime = driverPickup.Datetime.AddSeconds(seconds), Lat = driverPickup.Lat + latOffset, Lon = driverPickup.Lon };
        var e = d.Evidence with { Pickups = [driverPickup, ResignWith(w, p, moved)] };
        Assert.Equal(expected, Grade(w, d with { Evidence = e }));
    }

    [Theory]
    [InlineData(600, ProofClass.B)]   // pick-up 10 min after the declared start: accepted
    [InlineData(601, ProofClass.A)]   // 10 min 1 s: does not attest the start
    public void Statement_time_must_match_the_declared_start(int seconds, ProofClass expected)
    {
        using var w = new ProofWorld();
        var d = Only(w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), Start), OccupantRole.Driver);
        var p = d.Evidence.Pickups[0];
        var e = d.Evidence with { Pickups = [ResignWith(w, p, p with { Datetime = d.Journey.Start.Datetime.AddSeconds(seconds) })] };
        Assert.Equal(expected, Grade(w, d with { Evidence = e }));
    }

    [Fact]
    public void Device_registered_to_someone_else_does_not_attest()
    {
        using var w = new ProofWorld();
        var driver = w.Carpools.NewPerson();
        var d = Only(w.Journey(driver, w.Carpools.NewPerson(), Start), OccupantRole.Driver);
        var stranger = w.Carpools.NewPerson();
        var j = d.Journey with { Driver = d.Journey.Driver with { Identity = d.Journey.Driver.Identity with { IdentityKey = stranger.Identity.Value } } };
        Assert.Equal(ProofClass.A, Grade(w, d with { Journey = j }));
    }

    [Fact]
    public void Same_identity_as_driver_and_passenger_is_never_C()
    {
        using var w = new ProofWorld();
        var me = w.Carpools.NewPerson();
        var d = w.Journey(me, me, Start);
        Assert.Equal(ProofClass.B, Grade(w, d));
    }

    private static PickupStatement ResignWith(ProofWorld w, PickupStatement original, PickupStatement changed)
    {
        return w.Carpools.Find(original.DeviceKey).Sign(changed);
    }
}

using System.Text.Json;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Tests.Support;

namespace Mobility.CarpoolProof.Tests.Declarations;

public sealed class DeclarationCanonicalTests
{
    [Theory]
    [InlineData(ProofClass.A, 1)]
    [InlineData(ProofClass.B, 1)]
    [InlineData(ProofClass.C, 1)]
    [InlineData(ProofClass.A, 2)]
    [InlineData(ProofClass.B, 2)]
    [InlineData(ProofClass.C, 2)]
    public void Hand_written_canonical_form_equals_JCS_of_the_wire_json(ProofClass cls, int evidence)
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), ProofWorld.Now.AddHours(-1), cls, evidence: evidence);
        d = d with
        {
            Journey = d.Journey with
            {
                LicencePlate = "AB-123-CD",
                Passenger = d.Journey.Passenger with { Payments = [new Payment(0, "11000101300017", "titre-mobilite", 120)] },
                Driver = d.Journey.Driver with { Identity = d.Journey.Driver.Identity with { Phone = "+33601020304" } },
            },
        };
        var generic = Jcs.Canonicalize(DeclarationJson.SerializeToUtf8(d));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(generic),
            System.Text.Encoding.UTF8.GetString(DeclarationCanonical.Canonical(d, includeSignature: true)));
        foreach (var p in d.Evidence.Pickups)
        {
            Assert.Equal(Jcs.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(p with { Signature = null }, DeclarationJson.Options)),
                StatementCanonical.SigningMessage(p)[(SigningContext.Pickup.Length + 1)..]);
        }
        foreach (var s in d.Evidence.Dropoffs)
            Assert.Equal(Jcs.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(s with { Signature = null }, DeclarationJson.Options)),
                StatementCanonical.SigningMessage(s)[(SigningContext.Dropoff.Length + 1)..]);
        foreach (var s in d.Evidence.Statements ?? [])
            Assert.Equal(Jcs.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(s with { Signature = null }, DeclarationJson.Options)),
                StatementCanonical.SigningMessage(s)[(SigningContext.Statement.Length + 1)..]);
        Assert.Equal(evidence == 2 && cls != ProofClass.A, d.Evidence.IsV2);
    }

    [Fact]
    public void Wire_json_round_trips_to_the_same_canonical_bytes()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), ProofWorld.Now.AddHours(-1));
        var back = DeclarationJson.Parse(DeclarationJson.SerializeToUtf8(d));
        Assert.Equal(DeclarationCanonical.Canonical(d, true), DeclarationCanonical.Canonical(back, true));
    }

    [Fact]
    public void Signing_message_starts_with_the_context_and_a_zero_byte()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), ProofWorld.Now.AddHours(-1));
        var m = DeclarationCanonical.SigningMessage(d);
        Assert.Equal("mobility/carpool/declaration/v1"u8.ToArray(), m[..31]);
        Assert.Equal(0, m[31]);
        Assert.Equal((byte)'{', m[32]);
    }

    [Theory]
    [InlineData("""{"extra":1,"operator_id":"o"}""", "extra")]
    [InlineData("""{"operator_id":"o","journey":{"operator_journey_id":"a","operator_trip_id":"t","operator_class":"A","incentives":[],"start":{"datetime":"2026-03-10T08:00:00+01:00","lat":45,"lon":4}}}""", "datetime")]
    [InlineData("""{"operator_id":"o",""", "$")]
    public void Malformed_bodies_are_refused_with_a_path(string body, string mention)
    {
        var e = Assert.Throws<DeclarationFormatException>(() => DeclarationJson.Parse(System.Text.Encoding.UTF8.GetBytes(body)));
        Assert.Contains(mention, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_validation_reports_each_bad_field()
    {
        using var w = new ProofWorld();
        var d = w.Journey(w.Carpools.NewPerson(), w.Carpools.NewPerson(), ProofWorld.Now.AddHours(-1));
        var bad = d with
        {
            Journey = d.Journey with
            {
                OperatorJourneyId = "Has-Upper",
                OperatorClass = "D",
                Start = d.Journey.Start with { Lat = 91 },
                Incentives = [new Incentive(0, 10, "123")],
                Passenger = d.Journey.Passenger with { Identity = d.Journey.Passenger.Identity with { IdentityKey = "abc", PhoneTrunc = "0601" } },
            },
        };
        var errors = DeclarationValidator.Validate(bad);
        Assert.Contains(errors, e => e.StartsWith("journey.operator_journey_id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("journey.operator_class", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("journey.start.lat", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("journey.incentives[0].siret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("journey.passenger.identity.identity_key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("journey.passenger.identity.phone_trunc", StringComparison.Ordinal));
        Assert.Empty(DeclarationValidator.Validate(d));
    }
}

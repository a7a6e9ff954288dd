using System.Globalization;
using FsCheck.Xunit;
using Microsoft.Extensions.Time.Testing;
using Mobility.Ticketing.Fares;
using Mobility.Ticketing.Tickets;
using NSec.Cryptography;

namespace Mobility.Ticketing.Tests.Tickets;

public sealed class TicketValidatorTests
{
    private static readonly DateTimeOffset Issued = DateTimeOffset.Parse("2026-12-03T08:00:00Z", CultureInfo.InvariantCulture);

    private static byte[] Seed(byte b) => [.. Enumerable.Repeat(b, 32)];

    private static readonly TicketIssuer K1 = new("2026-12-a", Seed(1));
    private static readonly TicketIssuer K2 = new("2027-01-a", Seed(2));

    private static KeyList Keys() =>
        new KeyList("mobility", []).Rotate(K1.Kid, K1.PublicKey, Issued.AddDays(-10), Issued.AddDays(60));

    internal static Ticket ThreeLegs(byte id = 7, DateTimeOffset? issued = null)
    {
        var at = issued ?? Issued;
        return new Ticket([.. Enumerable.Repeat(id, 16)], "mobility", "traveler-42", at, at, at.AddHours(4),
        [
            new TicketLeg("tram-co", "lyon", "S1", "S2", at, at.AddHours(1)),
            new TicketLeg("bus-co", "lyon", "S2", "S3", at.AddMinutes(30), at.AddHours(2)),
            new TicketLeg("rail-co", null, "S3", "S4", at.AddHours(1), at.AddHours(3)),
        ], new Money(410, "EUR"), "ADULT");
    }

    private sealed class Setup(DateTimeOffset? now = null)
    {
        public FakeTimeProvider Clock { get; } = new(now ?? Issued.AddMinutes(5));

        public HashSet<string> Deny { get; } = [];

        public ReplayStore Replay { get; } = new();

        public KeyList Keys { get; set; } = TicketValidatorTests.Keys();

        public TicketDecision Check(byte[] cose, string? op = "tram-co", string? area = "lyon", string validator = "gate-1", double? lat = null, double? lon = null) =>
            new TicketValidator(Keys, Clock, ValidatorOptions.Default, Replay, Deny).Validate(cose, new ValidationPoint(op, area, validator, lat, lon));

    }

    [Fact]
    public void An_issued_ticket_is_valid_on_each_leg_and_fits_a_QR_code_at_level_Q()
    {
        var cose = K1.Issue(ThreeLegs());
        var s = new Setup();
        var decision = s.Check(cose);
        Assert.True(decision.Valid, decision.Reason);
        Assert.Equal(0, decision.Leg);
        Assert.Equal(ThreeLegs().Legs, decision.Ticket!.Legs);
        Assert.Equal(new Money(410, "EUR"), decision.Ticket.Price);
        s.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(1, s.Check(cose, "bus-co").Leg);
        s.Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.Equal(2, s.Check(cose, "rail-co", "anywhere").Leg);
        Assert.InRange(cose.Length, 150, 300); // three legs with stops, price, rider category and subject
        var (svg, version) = TicketIssuer.QrSvg(cose);
        Assert.InRange(version, 1, 15); // 261 bytes, 392 Base45 characters: version 15 at Q (docs/ticketing.md)
        Assert.StartsWith("<svg", svg.TrimStart(), StringComparison.Ordinal);
        Assert.Equal(cose, TicketIssuer.ReadTicketBytes(System.Text.Encoding.ASCII.GetBytes(TicketIssuer.QrText(cose))));
    }

    [Fact]
    public void The_claims_encoding_is_deterministic_and_round_trips()
    {
        var t = ThreeLegs();
        Assert.Equal(TicketClaims.Encode(t), TicketClaims.Encode(TicketClaims.Decode(TicketClaims.Encode(t))));
        Assert.Equal(K1.Issue(t), K1.Issue(t)); // Ed25519 is deterministic (RFC 8032)
    }

    [Property(MaxTest = 300)]
    public void Any_flipped_bit_of_a_ticket_is_refused(ushort position, byte bit)
    {
        var cose = K1.Issue(ThreeLegs());
        var tampered = (byte[])cose.Clone();
        tampered[position % cose.Length] ^= (byte)(1 << (bit % 8));
        Assert.False(new Setup().Check(tampered).Valid);
    }

    [Fact]
    public void A_forged_ticket_under_a_trusted_key_id_fails_the_signature()
    {
        var forger = new TicketIssuer(K1.Kid, Seed(9));
        Assert.Equal(TicketRejection.BadSignature, new Setup().Check(forger.Issue(ThreeLegs())).Rejection);
        Assert.Equal(TicketRejection.UnknownKey, new Setup().Check(new TicketIssuer("other", Seed(9)).Issue(ThreeLegs())).Rejection);
    }

    [Fact]
    public void Only_EdDSA_in_the_protected_header_is_accepted()
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, Seed(1), KeyBlobFormat.RawPrivateKey);
        var payload = TicketClaims.Encode(ThreeLegs());
        var es256 = CoseSign1.Sign(key, CoseSign1.ProtectedHeader(-7, null, "2026-12-a"u8.ToArray()), null, payload);
        Assert.Equal(TicketRejection.AlgorithmNotAllowed, new Setup().Check(es256).Rejection);
        var ed25519 = CoseSign1.Sign(key, CoseSign1.ProtectedHeader(CoseSign1.AlgEd25519, null, "2026-12-a"u8.ToArray()), null, payload);
        Assert.True(new Setup().Check(ed25519).Valid);
    }

    [Fact]
    public void Rotation_keeps_old_tickets_valid_and_revocation_ends_them()
    {
        var s = new Setup();
        var old = K1.Issue(ThreeLegs(1));
        s.Keys = s.Keys.Rotate(K2.Kid, K2.PublicKey, Issued.AddMinutes(1), Issued.AddDays(90));
        Assert.Equal(TicketKeyStatus.Retired, s.Keys.Find(K1.Kid)!.Status);
        Assert.True(s.Check(old).Valid);
        Assert.True(s.Check(K2.Issue(ThreeLegs(2, Issued.AddMinutes(2))), validator: "gate-2").Valid);
        // A ticket claiming to be issued before the new key existed is refused.
        Assert.Equal(TicketRejection.KeyNotValidForTicket, s.Check(K2.Issue(ThreeLegs(3))).Rejection);
        s.Keys = s.Keys.Revoke(K1.Kid);
        Assert.Equal(TicketRejection.KeyRevoked, s.Check(K1.Issue(ThreeLegs(4))).Rejection);
        // The published list reads back the same.
        var parsed = KeyList.Parse(s.Keys.ToJson(), "keys.json");
        Assert.Equal(s.Keys.Keys.Select(k => (k.Kid, k.Status, Convert.ToHexString(k.PublicKey))), parsed.Keys.Select(k => (k.Kid, k.Status, Convert.ToHexString(k.PublicKey))));
    }

    [Fact]
    public void The_validity_window_allows_the_clock_skew_and_no_more()
    {
        var cose = K1.Issue(ThreeLegs());
        Assert.True(new Setup(Issued.AddMinutes(-1.9)).Check(cose).Valid);
        Assert.Equal(TicketRejection.NotYetValid, new Setup(Issued.AddMinutes(-2.1)).Check(cose).Rejection);
        Assert.Equal(TicketRejection.NoMatchingLeg, new Setup(Issued.AddHours(4).AddMinutes(1.9)).Check(cose).Rejection); // valid, no leg open
        Assert.Equal(TicketRejection.Expired, new Setup(Issued.AddHours(4).AddMinutes(2.1)).Check(cose).Rejection);
    }

    [Fact]
    public void A_leg_must_match_operator_area_and_time()
    {
        var cose = K1.Issue(ThreeLegs());
        Assert.Equal(TicketRejection.NoMatchingLeg, new Setup().Check(cose, "ferry-co").Rejection);
        Assert.Equal(TicketRejection.NoMatchingLeg, new Setup().Check(cose, "tram-co", "paris").Rejection);
        Assert.Equal(TicketRejection.NoMatchingLeg, new Setup().Check(cose, "rail-co").Rejection); // rail leg opens at 09:00
    }

    [Fact]
    public void A_second_use_within_the_transfer_window_passes_and_past_it_is_a_replay()
    {
        var cose = K1.Issue(ThreeLegs());
        var s = new Setup();
        Assert.True(s.Check(cose).Valid);
        s.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True(s.Check(cose, validator: "gate-2").Valid);
        s.Clock.Advance(TimeSpan.FromMinutes(25));
        Assert.True(s.Check(cose).Valid);
    }

    [Fact]
    public void A_leg_shown_again_past_the_transfer_window_is_refused()
    {
        var at = Issued;
        var longLeg = new Ticket([.. Enumerable.Repeat((byte)5, 16)], "mobility", null, at, at, at.AddHours(6),
            [new TicketLeg("tram-co", null, null, null, at, at.AddHours(5))], null, null);
        var cose = K1.Issue(longLeg);
        var s = new Setup();
        Assert.True(s.Check(cose).Valid);
        s.Clock.Advance(TimeSpan.FromMinutes(89));
        Assert.True(s.Check(cose).Valid);
        s.Clock.Advance(TimeSpan.FromMinutes(2));
        var decision = s.Check(cose, validator: "gate-9");
        Assert.Equal(TicketRejection.Replayed, decision.Rejection);
        Assert.Contains("gate-1", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_denied_ticket_is_refused()
    {
        var s = new Setup();
        s.Deny.Add(ThreeLegs().IdHex);
        Assert.Equal(TicketRejection.Denied, s.Check(K1.Issue(ThreeLegs())).Rejection);
    }

    [Fact]
    public void Two_uses_further_apart_than_a_vehicle_can_travel_are_flagged()
    {
        var cose = K1.Issue(ThreeLegs());
        var s = new Setup();
        Assert.Empty(s.Check(cose, lat: 45.76, lon: 4.84).Flags); // Lyon
        s.Clock.Advance(TimeSpan.FromMinutes(5));
        var decision = s.Check(cose, validator: "gate-paris", lat: 48.85, lon: 2.35); // Paris, 390 km away
        Assert.True(decision.Valid);
        Assert.Contains("impossible travel", Assert.Single(decision.Flags), StringComparison.Ordinal);
        s.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(s.Check(cose, validator: "gate-paris-2", lat: 48.851, lon: 2.351).Flags);
    }
}

public sealed class TravelCheckTests
{
    private static readonly DateTimeOffset T = DateTimeOffset.Parse("2026-12-03T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Uploads_from_several_validators_reveal_a_ticket_used_in_Lyon_and_Paris_ten_minutes_apart()
    {
        (string, TicketUse)[] uploads =
        [
            ("t1", new TicketUse(T.AddMinutes(10), "paris-gate", 48.85, 2.35)),
            ("t1", new TicketUse(T, "lyon-gate", 45.76, 4.84)),
            ("t2", new TicketUse(T, "lyon-gate", 45.76, 4.84)),
            ("t2", new TicketUse(T.AddMinutes(20), "lyon-bus", 45.77, 4.86)), // 1.8 km in 20 min: fine
            ("t3", new TicketUse(T, "lyon-gate", 45.76, 4.84)),
            ("t3", new TicketUse(T.AddHours(2), "paris-gate", 48.85, 2.35)), // 390 km in 2 h: a TGV does it
            ("t4", new TicketUse(T, "no-position", null, null)),
            ("t4", new TicketUse(T.AddMinutes(1), "paris-gate", 48.85, 2.35)),
        ];
        var flag = Assert.Single(TravelCheck.Reconcile(uploads, 300));
        Assert.Equal("t1", flag.TicketId);
        Assert.Equal("lyon-gate", flag.First.ValidatorId);
        Assert.InRange(flag.Kilometres, 380, 400);
    }
}

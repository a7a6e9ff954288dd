using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Mobility.Actors.Accounts;
using Mobility.Actors.Campaigns;
using Mobility.Actors.Carpool;
using Mobility.Actors.Clearing;
using Mobility.Actors.Operators;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using Mobility.Actors.Serialization;
using Mobility.Actors.Territories;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;
using CampaignJourney = Mobility.CarpoolProof.Campaigns.Engine.CampaignJourney;
using CampaignStatus = Mobility.CarpoolProof.Campaigns.Engine.JourneyStatus;
using CampaignProofClass = Mobility.CarpoolProof.Campaigns.Language.ProofClass;

namespace Mobility.Actors.Tests.Serialization;

public sealed class MobilitySerializerTests : IDisposable
{
    private static readonly OperatorId Id = OperatorId.Parse("metro");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.FromHours(1));

    private static readonly CampaignJourney Journey = new("j-1", "op-1", CampaignProofClass.C, T0, new(43.61, 3.88), T0.AddMinutes(30),
        new(43.65, 3.95), 15_000, 2, "driver-1", "passenger-1", true, CampaignStatus.Accepted, 12, "34172", null);
    private readonly ActorSystem _system = ActorSystem.Create("serializer-tests");
    private readonly MobilitySerializer _serializer;

    public MobilitySerializerTests() => _serializer = new MobilitySerializer((ExtendedActorSystem)_system);

    private static readonly TripFacts CarpoolTrip = new("metro/j1", "metro", "t1", "driver", new string('d', 64), T0, T0.AddMinutes(20), "C");

    private static readonly JourneyView CarpoolView = new("metro", "j1", "t1", "ok", "C", ["distance_duration_anomaly"],
        [new RuleResult("interoperator_overlap", true)], T0, T0.AddMinutes(20), T0.AddHours(1), 4, "{\"proof\":{}}", null, null);

    private static readonly RecordedTap Tapped = new(Id, new Tap("op-1:t1", T0, "app-0123456789abcdef", 199, "metro"), "gate-3", T0);

    private static readonly IssuedStatement Statement = new("2026-11", "{}", new string('a', 64), "c2ln", 12, T0);

    private const string Square = """{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}""";

    [Fact]
    public void A_territory_registration_is_stored_in_these_bytes()
    {
        // Pinned: the registry's journal holds these; a renamed property must not make them unreadable.
        const string Stored = """{"code":"terr-a","name":"Terr A","geometry":"{\u0022type\u0022:\u0022Polygon\u0022,\u0022coordinates\u0022:[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}","at":"2026-03-01T08:00:00+01:00"}""";
        Assert.Equal(Stored, Encoding.UTF8.GetString(_serializer.ToBinary(new TerritoryEvents.Registered("terr-a", "Terr A", Square, T0))));
        var e = Assert.IsType<TerritoryEvents.Registered>(_serializer.FromBinary(Encoding.UTF8.GetBytes(Stored), "territory.registered.v1"));
        Assert.Equal(("terr-a", Square), (e.Code, e.Geometry));
    }

    [Fact]
    public void A_journey_accepted_before_attribution_is_written_and_read_as_before()
    {
        // No attribution: the same bytes as before territories existed (null members are not written).
        var bytes = Encoding.UTF8.GetString(_serializer.ToBinary(new CarpoolEvents.JourneyAccepted(CarpoolView, "d", "e", [], "eA==", Journey)));
        Assert.DoesNotContain("territories", bytes, StringComparison.Ordinal);
        var attributed = new CarpoolEvents.JourneyAccepted(CarpoolView with { Territories = ["terr-a", "terr-b"] }, "d", "e", [], "eA==", Journey with { Territories = "terr-a terr-b" });
        var back = Assert.IsType<CarpoolEvents.JourneyAccepted>(_serializer.FromBinary(_serializer.ToBinary(attributed), "carpool.journey-accepted.v1"));
        Assert.Equal(["terr-a", "terr-b"], back.Journey.Territories);
        Assert.Equal("terr-a terr-b", back.ForCampaigns!.Territories);
    }

    public static TheoryData<object> Samples()
    {
        var feed = new FeedVersion(FeedKind.Gbfs, 2, new string('b', 64), new Uri("https://x.example/gbfs.json"), T0);
        var offer = new CarpoolOffer("offer-1", new GeoPoint(45.5, -122.6), new GeoPoint(45.4, -122.5), T0, T0.AddMinutes(30), 3, 10, new PriceRule("EUR", 100, 12));
        var view = new OperatorView(Id, "Metro", "ops@metro.example", T0, [feed]) { Offers = [new LiveOffer(Id, offer, 3)] };
        var traveler = TravelerId.Parse("t-alice");
        var trip = TripId.For(traveler, "key");
        TripLeg[] legs = [new(LegKind.Carpool, Id, "offer-1", 2), new(LegKind.SharedVehicle, Id, "bike-1", 1)];
        var tripView = new TripView(trip, traveler, TripStatus.Offered, legs, [], T0, T0.AddMinutes(10), T0);
        return new TheoryData<object>
        {
            new OperatorEvents.Registered(Id, "Metro", null, T0),
            new OperatorEvents.FeedVersionRecorded(Id, FeedKind.GtfsRealtime, 3, new string('a', 64), null, T0),
            new OperatorState(Id, "Metro", "ops@metro.example", T0, [feed, feed with { Number = 3 }]),
            new OperatorCommands.Register(Id, "Metro", "ops@metro.example", T0),
            new OperatorCommands.RecordFeedVersion(Id, FeedKind.Gtfs, new string('c', 64), new Uri("https://x.example/g.zip"), T0),
            new OperatorQueries.Get(Id),
            new OperatorReplies.Accepted(view, true),
            new OperatorReplies.Rejected(Id, RejectionKind.Conflict, "id", "already"),
            new OperatorReplies.Found(view),
            new OperatorReplies.NotFound(Id),

            new OperatorEvents.FeedSourceRegistered(Id, FeedKind.Gbfs, new Uri("https://x.example/gbfs.json"), T0),
            new OperatorEvents.OfferPublished(Id, offer, T0),
            new OperatorEvents.OfferWithdrawn(Id, "offer-1", T0),
            new OperatorEvents.HoldPlaced(Id, new ResourceHold(trip, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(10), false), T0),
            new OperatorEvents.HoldsConfirmed(Id, trip, T0),
            new OperatorEvents.HoldsReleased(Id, trip, T0),
            new OperatorCommands.RegisterFeedSource(Id, FeedKind.GtfsRealtime, new Uri("https://x.example/rt.pb"), T0),
            new OperatorEvents.FeedSourceUnregistered(Id, FeedKind.Gbfs, new Uri("https://x.example/gbfs.json"), T0),
            new OperatorCommands.UnregisterFeedSource(Id, FeedKind.Gbfs, new Uri("https://x.example/gbfs.json"), T0),
            new OperatorCommands.PublishOffer(Id, offer, T0),
            new OperatorCommands.WithdrawOffer(Id, "offer-1", T0),
            new OperatorCommands.PlaceHold(Id, trip, LegKind.SharedVehicle, "bike-1", 1, T0.AddMinutes(10), T0),
            new OperatorCommands.ConfirmHolds(Id, trip, T0),
            new OperatorCommands.ReleaseHolds(Id, trip, T0),
            new OperatorLiveOffers(Id, [new LiveOffer(Id, offer, 2)], 7),

            new TripEvents.Booked(trip, traveler, legs, "fp", T0, T0.AddMinutes(10)),
            new TripEvents.Committed(trip, TripStatus.Pending, T0),
            new TripEvents.OperatorAccepted(trip, Id, true, T0),
            new TripEvents.Started(trip, T0),
            new TripEvents.Ended(trip, T0),
            new TripEvents.Cancelled(trip, "traveler", T0),
            new TripEvents.Expired(trip, T0),
            new TripEvents.TicketIssued(trip, new string('f', 32), "t-2026-12-a", T0),
            new TripEvents.TicketRevoked(trip, new string('f', 32), T0),
            new TripEvents.HoldsRequested(trip, traveler, legs, "fp", T0, T0.AddMinutes(10)),
            new TripEvents.Refused(trip, TripRejection.Unavailable, "no seat", T0),
            new TripState(trip, traveler, TripStatus.Pending, [.. legs], [Id], "fp", T0, T0.AddMinutes(10), T0),
            new TripCommands.Book(trip, traveler, legs, "fp", T0, T0.AddMinutes(10)),
            new TripCommands.Commit(trip, traveler, T0),
            new TripCommands.Answer(trip, Id, false, T0),
            new TripCommands.Start(trip, traveler, T0),
            new TripCommands.End(trip, traveler, T0),
            new TripCommands.Cancel(trip, traveler, T0),
            new TripCommands.Expire(trip, T0),
            new TripCommands.IssueTicket(trip, traveler, new string('f', 32), "t-2026-12-a", T0),
            new TripCommands.HoldsPlaced(trip, new TripReplies.Rejected(trip, TripRejection.Interrupted, "interrupted"), T0),
            new TripQueries.Get(trip),
            new TripReplies.Accepted(tripView, true),
            new TripReplies.Rejected(trip, TripRejection.KeyReused, "reused"),
            new TripReplies.Found(tripView),
            new TripReplies.NotFound(trip),
            new TravelerTripsMessages.Add(traveler, trip, T0),
            new TravelerTripsMessages.Get(traveler),
            new TravelerTripsMessages.List(traveler, [trip]),
            new TravelerTripsMessages.Added(traveler, trip, T0),
            new AccountEvents.Opened("app-0123456789abcdef", traveler, T0),
            new AccountEvents.TapsCharged("app-0123456789abcdef", "navigo-2025", [Tapped, Tapped with { Via = "card-0123456789abcdef0123456789abcdef01234567", Carpool = new CarpoolLeg("ride-on", "bGVhZg") }], [new ChargeEntry(1, "op-1:t1", ChargeEntryKind.Charge, 199, "tap"), new ChargeEntry(2, "op-1:t0", ChargeEntryKind.Reversal, -199, "period changed by op-1:t1")], T0),
            new AccountState("app-0123456789abcdef", traveler, T0, "navigo-2025", [Tapped], System.Collections.Immutable.ImmutableDictionary<string, long>.Empty.Add("op-1:t1", 199), [new ChargeEntry(1, "op-1:t1", ChargeEntryKind.Charge, 199, "tap")],
                Media: [new MediumLink("card-0123456789abcdef0123456789abcdef01234567", "blue card", T0)]),
            new AccountCommands.Open("app-0123456789abcdef", traveler, T0),
            new AccountCommands.RecordTaps("app-0123456789abcdef", Id, [new TapInput("t1", T0, 199, "metro", "gate-3"), new TapInput("t2", T0, 199, "metro", "gate-3", "card-0123456789abcdef0123456789abcdef01234567", new CarpoolLeg("ride-on", "bGVhZg"))], T0),
            new AccountCommands.Get("app-0123456789abcdef"),
            new AccountCommands.Credit("app-0123456789abcdef", traveler, "campaign:drivers-bonus", 150, T0),
            new AccountEvents.Credited("app-0123456789abcdef", "campaign:drivers-bonus", 150, T0),
            new AccountReplies.Found(new AccountView("app-0123456789abcdef", traveler, "navigo-2025", [Tapped], new Dictionary<string, long> { ["op-1:t1"] = 199 }, [], T0)),
            new AccountReplies.NotFound("app-0123456789abcdef"),
            new AccountReplies.NotYours("app-0123456789abcdef"),
            new AccountReplies.Recorded("app-0123456789abcdef", [new TapResult("t1", TapOutcome.Charged, 199, null), new TapResult("t2", TapOutcome.Refused, null, "tier")]),
            new AccountCommands.RefundTap("app-0123456789abcdef", OperatorId.Parse("op-1"), "t1", "not made", T0),
            new AccountEvents.TapRefunded("app-0123456789abcdef", "op-1:t1", "not made", [new ChargeEntry(3, "op-1:t1", ChargeEntryKind.Reversal, -199, "refund: not made")], T0),
            new AccountReplies.Refunded("app-0123456789abcdef", "t1", [new ChargeEntry(3, "op-1:t1", ChargeEntryKind.Reversal, -199, "refund: not made")]),
            new AccountReplies.RefundRefused("app-0123456789abcdef", "t9", false, "no such tap"),
            new AccountCommands.LinkMedium("app-0123456789abcdef", traveler, "card-0123456789abcdef0123456789abcdef01234567", "blue card", T0),
            new AccountCommands.UnlinkMedium("app-0123456789abcdef", traveler, "card-0123456789abcdef0123456789abcdef01234567", T0),
            new AccountEvents.MediumLinked("app-0123456789abcdef", "card-0123456789abcdef0123456789abcdef01234567", "blue card", T0),
            new AccountEvents.MediumUnlinked("app-0123456789abcdef", "card-0123456789abcdef0123456789abcdef01234567", T0),
            new AccountReplies.MediaFull("app-0123456789abcdef", 10),
            new ClearingEvents.StatementIssued("terr-a", Statement),
            new ClearingCommands.Issue("terr-a", "2026-11", "{}", new string('a', 64), "c2ln", T0),
            new ClearingCommands.Get("terr-a", "2026-11"),
            new ClearingReplies.Issued(Statement, true),
            new ClearingReplies.NotIssued("2026-11"),
            new ClearingReplies.Unanchored("2026-11", "log down"),
            new CampaignFeed.JourneyAccepted(Journey),
            new CampaignFeed.JourneyRevoked("op-1", "j-1", CampaignStatus.Flagged),
            new CampaignCommands.Create("c-1", "terr-a", [1, 2, 3]),
            new CampaignCommands.Activate("c-1", "terr-a"),
            new CampaignCommands.Close("c-1", "terr-a"),
            new CampaignCommands.Get("c-1", "terr-a"),
            new CampaignCommands.Settlement("c-1", "terr-a", "2022-03", "op-1", "json"),
            new CampaignCommands.Statement("c-1", "terr-a", "driver-1", 2022),
            new CampaignCommands.OpenData("c-1", "terr-a"),
            new CampaignCommands.Incentives("c-1", "driver-1"),
            new CampaignCommands.Submit("c-1", [Journey]),
            new CampaignCommands.Revoke("c-1", "op-1", "j-1", CampaignStatus.Cancelled),
            new CampaignReplies.Document(DocumentFormat.Csv, "a,b\n"),
            new CampaignReplies.Refused(CampaignRefusal.InvalidDocument, "$.id: required", [new Mobility.CarpoolProof.Campaigns.Language.CampaignError("$.id", "required")]),
            new CampaignCommands.Terms("c-1"),
            new CampaignTerms("c-1", "active", "terr-a", [1, 2, 3]),
            new CampaignDirectoryMessages.Register("c-1"),
            new CampaignDirectoryMessages.Unregister("c-1"),
            new CampaignDirectoryMessages.Simulate([1, 2, 3]),
            new CampaignDirectoryMessages.ListActive(),
            new CampaignDirectoryMessages.Active(["c-1"]),
            new CampaignEvents.Created("c-1", "terr-a", [1, 2, 3], T0),
            new CampaignEvents.Activated(T0),
            new CampaignEvents.Closed(T0),
            new CampaignEvents.JourneysCounted([Journey]),
            new CampaignEvents.JourneyRevoked("op-1", "j-1", CampaignStatus.Flagged),
            new CampaignEvents.SettlementAnchored("op-1", "2022-03", new string('c', 64), 7),
            new CampaignEvents.CampaignRegistered("c-1"),
            new CampaignEvents.CampaignUnregistered("c-1"),
            new CampaignEvents.FeedRead(42),
            // Carpool journeys, identities, key bindings and the log.
            new CarpoolEvents.KeyBound("device:abc", new string('e', 64)),
            new CarpoolEvents.KeyUnbound("device:op-1:abc", new string('e', 64), T0),
            new CarpoolEvents.TripRecorded(new string('e', 64), CarpoolTrip, ["challenge:xyz", "nonce:n1"]),
            new CarpoolEvents.TripWithdrawn(new string('e', 64), "metro/j1", "canceled"),
            new CarpoolEvents.JourneyAccepted(CarpoolView, new string('d', 64), new string('e', 64), ["challenge:xyz"], "eyJ0eXBlIjoieCJ9", Journey, "{\"operator_id\":\"metro\"}"u8.ToArray(), SignedInBatch: true),
            new CarpoolEvents.JourneyFlagged("metro/j1", "fraud_error", "interoperator_overlap", 7, T0),
            new CarpoolEvents.BatchManifestKept("metro", "c2ln", ["aGFzaDE", "aGFzaDI"], T0),
            new JourneyMessages.Record("metro/j1", new CarpoolEvents.JourneyAccepted(CarpoolView, new string('d', 64), new string('e', 64), ["nonce:n1"], "eyJ0eXBlIjoieCJ9", Journey, [1], SignedInBatch: true)),
            new IdentityMessages.ReserveBatch(new string('e', 64), "metro/aGFzaA", ["metro/j1", "metro/j2"], ["nonce:n1"]),
            new IdentityMessages.BatchReserved(new string('e', 64), "metro/aGFzaA", new IdentitySnapshot(new string('e', 64), [CarpoolTrip], [new UsedValue("nonce:n1", "metro/j0")], ["metro/j1"])),
            new IdentityMessages.CommitBatch(new string('e', 64), "metro/aGFzaA", [new IdentityMessages.BatchTrip(CarpoolTrip, ["nonce:n1"])]),
            new IdentityMessages.BatchCommitted(new string('e', 64), "metro/aGFzaA"),
            new BatchMessages.Keep("metro/aGFzaA", "metro", "c2ln", ["aGFzaDE"]),
            new BatchMessages.Kept("metro/aGFzaA", true),
            new JourneyMessages.Declare("metro/j1", [1, 2, 3]),
            new JourneyMessages.Declared("metro/j1", Mobility.CarpoolProof.Decision.DeclarationVerdict.Recorded, null, [new RuleViolation("interoperator_overlap", RuleSeverity.Fraud, "overlaps", "other/j2"), new RuleViolation("interoperator_overlap", RuleSeverity.Indicts, "weaker", "other/j3")], CarpoolView),
            new JourneyMessages.Get("metro/j1"),
            new JourneyMessages.Found(CarpoolView),
            new JourneyMessages.NotFound("metro/j1"),
            new JourneyMessages.Flag("metro/j1", "canceled", "canceled", true),
            new JourneyMessages.Flagged("metro/j1", FlagResult.Flagged, null, CarpoolView with { Revocation = "canceled", RevocationLeafIndex = 9 }),
            new IdentityMessages.Reserve(new string('e', 64), CarpoolTrip, ["nonce:n1"]),
            new IdentityMessages.Reserved(new string('e', 64), "metro/j1", [], ["nonce:n1 already used in other/j2"]),
            new IdentityMessages.Commit(new string('e', 64), CarpoolTrip, ["nonce:n1"]),
            new IdentityMessages.Release(new string('e', 64), "metro/j1"),
            new IdentityMessages.Withdraw(new string('e', 64), "metro/j1", "canceled"),
            new IdentityMessages.GetJourneys(new string('e', 64)),
            new IdentityMessages.Journeys(new string('e', 64), ["metro/j1"]),
            new KeyBindingMessages.Bind("operator:metro", "key"),
            new KeyBindingMessages.Get("operator:metro"),
            new KeyBindingMessages.Unbind("device:metro:abc", "identity-1"),
            new KeyBindingMessages.Binding("operator:metro", "key", true, false),
            new LogMessages.Append([[1, 2], [3]], ["terr-a", null], [[9, 9], null]),
            new LogMessages.Appended([4, 5], 6, "note", [["aGFzaA=="], []]),
            new LogMessages.GetCheckpoint(),
            new LogMessages.CheckpointNote(6, "note"),
            new LogMessages.ProveInclusion(1, 6),
            new LogMessages.ProveConsistency(2, 6),
            new LogMessages.Proof(2, 6, ["aGFzaA=="]),
            new LogMessages.ReadLeaves(0, 6),
            new LogMessages.Leaves(0, ["AQI="]),
            new LogMessages.ReadOpenings(0, 6),
            new LogMessages.Openings(0, [new LogMessages.OpenedLeaf(3, "c2FsdA", "e30=")]),
            new LogMessages.ListJourneys("metro", null, -1, 100),
            new LogMessages.JourneyList([new JourneySummary("metro", "j1", 4, "ok", "C", [], T0, T0, null)], 4),
            new LogMessages.Failed(LogFailure.OutOfRange, "bad"),
            new LogMessages.FindJourneys(["metro/j1"]),
            new LogMessages.JourneysFound(["AQI=", null], ["AwQ=", null]),
            new TerritoryEvents.Registered("terr-a", "Terr A", Square, T0),
            new TerritoryCommands.Register("{}"u8.ToArray()),
            new TerritoryCommands.List(3),
            new TerritoryReplies.Registered(new TerritoryEntry("terr-a", "Terr A", Square, T0), true, true, 1),
            new TerritoryReplies.Refused([new Mobility.CarpoolProof.Campaigns.Language.CampaignError("$.code", "bad")]),
            new TerritoryReplies.Snapshot(2, [new TerritoryEntry("terr-a", "Terr A", Square, T0)]),
            new TerritoryReplies.Changed(2),
        };
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_contract_round_trips_to_the_same_bytes(object message)
    {
        var bytes = _serializer.ToBinary(message);
        var back = _serializer.FromBinary(bytes, _serializer.Manifest(message));
        Assert.IsType(message.GetType(), back);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(_serializer.ToBinary(back)));
    }

    [Fact]
    public void Every_persisted_or_cluster_type_has_a_manifest_and_every_sample_covers_one()
    {
        var markers = new[] { typeof(IPersistedEvent), typeof(IPersistedSnapshot), typeof(IClusterMessage) };
        var types = typeof(MobilitySerializer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && markers.Any(m => m.IsAssignableFrom(t)))
            .ToList();
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.True(MessageContracts.TryGetManifest(t, out _), $"{t.FullName} has no manifest"));
        Assert.Equal(
            MessageContracts.Registered.Select(r => r.Type).OrderBy(t => t.FullName),
            Samples().Select(s => s.Data.GetType()).OrderBy(t => t.FullName));
    }

    [Fact]
    public void A_stored_event_of_version_1_still_reads()
    {
        // Pinned bytes as written to journals: renaming a property or a type must not make them unreadable.
        const string Stored = """{"operatorId":"metro","kind":"Gtfs","number":1,"sha256":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","source":"https://x.example/g.zip","at":"2026-03-01T08:00:00+01:00"}""";
        var e = Assert.IsType<OperatorEvents.FeedVersionRecorded>(_serializer.FromBinary(Encoding.UTF8.GetBytes(Stored), "operator.feed-version-recorded.v1"));
        Assert.Equal((Id, FeedKind.Gtfs, 1, new Uri("https://x.example/g.zip"), T0), (e.OperatorId, e.Kind, e.Number, e.Source, e.At));
    }

    [Fact]
    public void A_stored_trip_recorded_before_proof_classes_were_kept_reads_with_an_unknown_class()
    {
        // Pinned bytes of carpool.trip-recorded.v1 as journals hold them from before TripFacts.ProofClass existed.
        const string Stored = """{"identityKey":"ee","trip":{"journeyKey":"metro/j1","operatorId":"metro","operatorTripId":"t1","role":"driver","counterpart":"dd","start":"2026-03-01T08:00:00+01:00","end":"2026-03-01T08:20:00+01:00"},"values":["nonce:n1"]}""";
        var e = Assert.IsType<CarpoolEvents.TripRecorded>(_serializer.FromBinary(Encoding.UTF8.GetBytes(Stored), "carpool.trip-recorded.v1"));
        Assert.Equal(("metro/j1", "driver", T0, (string?)null), (e.Trip.JourneyKey, e.Trip.Role, e.Trip.Start, e.Trip.ProofClass));
        // And what this version writes: the class travels in the same manifest.
        var now = Encoding.UTF8.GetString(_serializer.ToBinary(e with { Trip = e.Trip with { ProofClass = "C" } }));
        Assert.Equal(Stored.Replace("+01:00\"}", "+01:00\",\"proofClass\":\"C\"}", StringComparison.Ordinal), now);
    }

    [Fact]
    public void A_batch_manifest_is_stored_in_the_bytes_the_audit_export_reads()
    {
        // Pinned: Audit/Mobility.Audit/Export/NodeExport reads these members without the node's code.
        const string Stored = """{"operatorId":"metro","signature":"c2ln","declarationHashes":["aGFzaDE","aGFzaDI"],"at":"2026-03-01T08:00:00+01:00"}""";
        var e = new CarpoolEvents.BatchManifestKept("metro", "c2ln", ["aGFzaDE", "aGFzaDI"], T0);
        Assert.Equal(Stored, Encoding.UTF8.GetString(_serializer.ToBinary(e)));
        var read = Assert.IsType<CarpoolEvents.BatchManifestKept>(_serializer.FromBinary(Encoding.UTF8.GetBytes(Stored), "carpool.batch-manifest-kept.v1"));
        Assert.Equal(e.DeclarationHashes, read.DeclarationHashes);
    }

    [Theory]
    [InlineData("operator.registered.v9", """{"operatorId":"metro","name":"M","at":"2026-03-01T08:00:00Z"}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"metro","name":"M","at":"2026-03-01T08:00:00Z","extra":1}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"Not An Id","name":"M","at":"2026-03-01T08:00:00Z"}""")]
    [InlineData("operator.registered.v1", """{"operatorId":"metro","name":""")]
    [InlineData("operator.registered.v1", "null")]
    public void Unknown_manifests_and_malformed_payloads_fail_loudly(string manifest, string json) =>
        Assert.Throws<SerializationException>(() => _serializer.FromBinary(Encoding.UTF8.GetBytes(json), manifest));

    [Fact]
    public void A_stored_journey_acceptance_from_before_the_durable_campaign_feed_reads_without_a_campaign_view_or_declaration()
    {
        // The bytes of carpool.journey-accepted.v1 as journals hold them from before ForCampaigns existed.
        var current = _serializer.ToBinary(new CarpoolEvents.JourneyAccepted(CarpoolView, new string('d', 64), new string('e', 64), ["challenge:xyz"], "eyJ0eXBlIjoieCJ9"));
        var node = System.Text.Json.Nodes.JsonNode.Parse(current)!.AsObject();
        foreach (var key in node.Select(kv => kv.Key).Where(k => k.Contains("campaign", StringComparison.OrdinalIgnoreCase) || k is "declaration" or "signedInBatch").ToList())
        {
            node.Remove(key);
        }

        var old = Encoding.UTF8.GetBytes(node.ToJsonString());
        var e = Assert.IsType<CarpoolEvents.JourneyAccepted>(_serializer.FromBinary(old, "carpool.journey-accepted.v1"));
        Assert.Null(e.ForCampaigns);
        Assert.Null(e.Declaration); // Nor the declaration, kept since for the audit export.
        Assert.False(e.SignedInBatch);
        Assert.Equal(CarpoolView.LeafIndex, e.Journey.LeafIndex);
        Assert.Equal(CarpoolView.Attestation, e.Journey.Attestation);
        Assert.Null(Mobility.Actors.Campaigns.CampaignFeed.FromJournal(e));
    }

    [Fact]
    public void The_serializer_id_is_outside_the_range_akka_reserves() => Assert.True(MobilitySerializer.Id >= 100);

    public void Dispose() => _system.Dispose();
}

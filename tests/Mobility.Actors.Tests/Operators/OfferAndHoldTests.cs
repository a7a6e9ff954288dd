using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

namespace Mobility.Actors.Tests.Operators;

public sealed class OfferAndHoldTests
{
    private static readonly OperatorId Id = OperatorId.Parse("pool-co");
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TripId TripA = TripId.For(TravelerId.Parse("t-alice"), "a");
    private static readonly TripId TripB = TripId.For(TravelerId.Parse("t-bob"), "b");

    private static CarpoolOffer Offer(int seats = 3, int detour = 10, int startsInMinutes = 60) => new(
        "offer-1", new GeoPoint(45.52, -122.68), new GeoPoint(45.50, -122.60), T0.AddMinutes(startsInMinutes), T0.AddMinutes(startsInMinutes + 30),
        seats, detour, new PriceRule("EUR", 100, 10));

    public static TheoryData<string, string> BadOffers => new()
    {
        { "past", "departEarliest" },
        { "zero-seats", "seats" },
        { "nine-seats", "seats" },
        { "negative-detour", "maxDetourMinutes" },
        { "window-reversed", "departLatest" },
        { "bad-latitude", "origin" },
        { "bad-currency", "price" },
        { "bad-id", "offerId" },
    };

    [Theory]
    [MemberData(nameof(BadOffers))]
    public void Bad_offers_are_refused_naming_the_field(string bad, string field)
    {
        var offer = bad switch
        {
            "past" => Offer(startsInMinutes: -1),
            "zero-seats" => Offer(seats: 0),
            "nine-seats" => Offer(seats: 9),
            "negative-detour" => Offer(detour: -1),
            "window-reversed" => Offer() with { DepartLatest = T0.AddMinutes(59) },
            "bad-latitude" => Offer() with { Origin = new GeoPoint(91, 0) },
            "bad-currency" => Offer() with { Price = new PriceRule("eur", 1, 1) },
            _ => Offer() with { OfferId = "has space" },
        };
        var decision = Registered().Process(new OperatorCommands.PublishOffer(Id, offer, T0));
        Assert.Equal(RejectionKind.Invalid, decision.Rejection?.Kind);
        Assert.Equal(field, decision.Rejection?.Field);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void Boundary_offers_are_accepted_one_seat_zero_detour_departing_now()
    {
        var decision = Registered().Process(new OperatorCommands.PublishOffer(Id, Offer(seats: 1, detour: 0, startsInMinutes: 0), T0));
        Assert.Null(decision.Rejection);
        Assert.Single(decision.Events);
    }

    [Fact]
    public void Holds_never_exceed_the_seats_lapse_at_their_end_unless_confirmed_and_release_frees_them()
    {
        var s = Fold(Registered(), new OperatorCommands.PublishOffer(Id, Offer(seats: 3), T0));
        s = Fold(s, new OperatorCommands.PlaceHold(Id, TripA, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(10), T0));
        Assert.Equal(1, s.SeatsFree("offer-1", null, T0));

        var tooMany = s.Process(new OperatorCommands.PlaceHold(Id, TripB, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(10), T0.AddMinutes(1)));
        Assert.Equal(RejectionKind.Conflict, tooMany.Rejection?.Kind);

        // A's hold lapses at its end: B gets the seats then.
        Assert.Null(s.Process(new OperatorCommands.PlaceHold(Id, TripB, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(20), T0.AddMinutes(10))).Rejection);

        // Confirmed, A's hold does not lapse.
        var confirmed = Fold(s, new OperatorCommands.ConfirmHolds(Id, TripA, T0.AddMinutes(5)));
        Assert.Equal(RejectionKind.Conflict, confirmed.Process(new OperatorCommands.PlaceHold(Id, TripB, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(30), T0.AddMinutes(20))).Rejection?.Kind);
        var released = Fold(confirmed, new OperatorCommands.ReleaseHolds(Id, TripA, T0.AddMinutes(21)));
        Assert.Equal(3, released.SeatsFree("offer-1", null, T0.AddMinutes(21)));

        // The same hold again is a retry: no event.
        Assert.Empty(s.Process(new OperatorCommands.PlaceHold(Id, TripA, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(10), T0.AddMinutes(1))).Events);
    }

    [Fact]
    public void A_shared_vehicle_is_held_by_one_trip_at_a_time()
    {
        var s = Fold(Registered(), new OperatorCommands.PlaceHold(Id, TripA, LegKind.SharedVehicle, "bike-7", 1, T0.AddMinutes(10), T0));
        Assert.Equal(RejectionKind.Conflict, s.Process(new OperatorCommands.PlaceHold(Id, TripB, LegKind.SharedVehicle, "bike-7", 1, T0.AddMinutes(10), T0)).Rejection?.Kind);
        Assert.Null(s.Process(new OperatorCommands.PlaceHold(Id, TripB, LegKind.SharedVehicle, "bike-8", 1, T0.AddMinutes(10), T0)).Rejection);
    }

    [Fact]
    public void Live_offers_show_free_seats_and_drop_full_or_departed_offers()
    {
        var s = Fold(Registered(), new OperatorCommands.PublishOffer(Id, Offer(seats: 2), T0));
        Assert.Equal(2, Assert.Single(s.LiveOffers(T0)).SeatsFree);
        s = Fold(s, new OperatorCommands.PlaceHold(Id, TripA, LegKind.Carpool, "offer-1", 2, T0.AddMinutes(10), T0));
        Assert.Empty(s.LiveOffers(T0.AddMinutes(1)));
        Assert.Single(s.LiveOffers(T0.AddMinutes(11)));
        Assert.Empty(s.LiveOffers(T0.AddMinutes(91)));
    }

    private static OperatorState Registered() => Fold(OperatorState.Empty, new OperatorCommands.Register(Id, "Pool Co", null, T0));

    private static OperatorState Fold(OperatorState state, params IOperatorCommand[] commands)
    {
        foreach (var command in commands)
        {
            var decision = state.Process(command);
            Assert.Null(decision.Rejection);
            state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        }

        return state;
    }
}

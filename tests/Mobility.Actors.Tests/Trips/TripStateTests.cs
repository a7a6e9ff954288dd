using FsCheck;
using FsCheck.Fluent;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

namespace Mobility.Actors.Tests.Trips;

public sealed class TripStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TravelerId Alice = TravelerId.Parse("t-alice");
    private static readonly TravelerId Bob = TravelerId.Parse("t-bob");
    private static readonly TripId Trip = TripId.For(Alice, "key-1");
    private static readonly OperatorId Pool = OperatorId.Parse("pool-co");
    private static readonly OperatorId Bikes = OperatorId.Parse("bike-co");
    private static readonly OperatorId Stranger = OperatorId.Parse("other-co");

    private static readonly TripLeg[] CarpoolAndBike =
    [
        new(LegKind.Carpool, Pool, "offer-1", 2),
        new(LegKind.SharedVehicle, Bikes, "bike-7", 1),
    ];

    [Fact]
    public void A_carpool_trip_goes_offered_pending_confirmed_started_ended()
    {
        var s = Fold(TripState.Empty, Book(CarpoolAndBike, "fp", 0), Placed);
        Assert.Equal(TripStatus.Offered, s.Status);
        s = Fold(s, new TripCommands.Commit(Trip, Alice, T0.AddMinutes(1)));
        Assert.Equal(TripStatus.Pending, s.Status);
        s = Fold(s, new TripCommands.Answer(Trip, Pool, true, T0.AddMinutes(2)));
        Assert.Equal(TripStatus.Confirmed, s.Status);

        // Confirmed trips no longer expire.
        s = Fold(s, new TripCommands.Expire(Trip, T0.AddHours(1)));
        Assert.Equal(TripStatus.Confirmed, s.Status);
        s = Fold(s, new TripCommands.Start(Trip, Alice, T0.AddHours(1)), new TripCommands.End(Trip, Alice, T0.AddHours(2)));
        Assert.Equal(TripStatus.Ended, s.Status);
        Assert.Equal("FINISHED", s.Status.TompName());
    }

    [Fact]
    public void A_trip_without_carpool_is_confirmed_at_commit_and_an_uncommitted_one_expires()
    {
        var bikeOnly = Fold(TripState.Empty, Book([new TripLeg(LegKind.SharedVehicle, Bikes, "bike-7", 1)], "fp", 0), Placed);
        Assert.Equal(TripStatus.Confirmed, Fold(bikeOnly, new TripCommands.Commit(Trip, Alice, T0.AddMinutes(9))).Status);

        Assert.Empty(bikeOnly.Process(new TripCommands.Expire(Trip, T0.AddMinutes(9))).Events);
        Assert.Equal(TripStatus.Expired, Fold(bikeOnly, new TripCommands.Expire(Trip, T0.AddMinutes(10))).Status);

        // Committing too late records the lapse and refuses.
        var late = bikeOnly.Process(new TripCommands.Commit(Trip, Alice, T0.AddMinutes(11)));
        Assert.Equal(TripRejection.Expired, late.Rejection?.Kind);
        Assert.IsType<TripEvents.Expired>(Assert.Single(late.Events));
    }

    [Fact]
    public void A_trip_gets_one_ticket_once_confirmed_and_only_its_traveler_asks_for_it()
    {
        TripLeg[] legs =
        [
            new(LegKind.Transit, Bikes, "T2", 1, "S1", "S2", T0.AddMinutes(30), T0.AddMinutes(40)),
            new(LegKind.Transit, Bikes, "T2", 1, "S2", "S3", T0.AddMinutes(45), T0.AddMinutes(50)),
        ];
        var s = Fold(TripState.Empty, Book(legs, "fp", 0), Placed);
        var issue = new TripCommands.IssueTicket(Trip, Alice, new string('a', 32), "k1", T0.AddMinutes(2));
        Assert.Equal(TripRejection.WrongState, s.Process(issue).Rejection?.Kind);
        s = Fold(s, new TripCommands.Commit(Trip, Alice, T0.AddMinutes(1)));
        Assert.Equal(TripRejection.NotYours, s.Process(issue with { TravelerId = Bob }).Rejection?.Kind);
        Assert.Equal(TripRejection.Invalid, s.Process(issue with { TicketId = "short" }).Rejection?.Kind);
        s = Fold(s, issue);
        Assert.Equal(new TripTicket(new string('a', 32), "k1", T0.AddMinutes(2)), s.Ticket);

        // A second ask (another id, a rotated key) keeps the first ticket.
        Assert.Empty(s.Process(issue with { TicketId = new string('b', 32), KeyId = "k2" }).Events);
        Assert.Equal(s.Ticket, s.ToView().Ticket);

        // Cancelled once shown: the ticket is revoked (for the deny list) with the cancellation.
        var cancel = s.Process(new TripCommands.Cancel(Trip, Alice, T0.AddMinutes(3)));
        Assert.Equal(new TripEvents.TicketRevoked(Trip, new string('a', 32), T0.AddMinutes(3)), Assert.IsType<TripEvents.TicketRevoked>(cancel.Events[1]));
    }

    [Fact]
    public void A_leg_with_a_malformed_window_or_a_held_resource_twice_is_refused()
    {
        var backwards = new TripLeg(LegKind.Transit, Bikes, "T2", 1, Departs: T0.AddMinutes(30), Arrives: T0.AddMinutes(20));
        Assert.Equal(TripRejection.Invalid, TripState.Empty.Process(Book([backwards], "fp", 0)).Rejection?.Kind);
        var halfTimed = new TripLeg(LegKind.Transit, Bikes, "T2", 1, Departs: T0.AddMinutes(30));
        Assert.Equal(TripRejection.Invalid, TripState.Empty.Process(Book([halfTimed], "fp", 0)).Rejection?.Kind);
        Assert.Equal(TripRejection.Invalid, TripState.Empty.Process(Book([CarpoolAndBike[1], CarpoolAndBike[1]], "fp", 0)).Rejection?.Kind);
    }

    [Fact]
    public void Another_traveler_or_operator_is_refused_and_a_reused_key_with_another_body_is_refused()
    {
        var s = Fold(TripState.Empty, Book(CarpoolAndBike, "fp", 0), Placed);
        Assert.Equal(TripRejection.NotYours, s.Process(new TripCommands.Cancel(Trip, Bob, T0)).Rejection?.Kind);
        Assert.Equal(TripRejection.NotYours, s.Process(new TripCommands.Answer(Trip, Stranger, true, T0)).Rejection?.Kind);
        Assert.Equal(TripRejection.NotYours, s.Process(new TripCommands.Answer(Trip, Bikes, true, T0)).Rejection?.Kind); // Not a carpool leg.
        Assert.Equal(TripRejection.KeyReused, s.Process(Book(CarpoolAndBike, "other-fp", 1)).Rejection?.Kind);
        var retry = s.Process(Book(CarpoolAndBike, "fp", 1));
        Assert.Null(retry.Rejection);
        Assert.Empty(retry.Events);
    }

    [Theory]
    [InlineData(0, 1, 10)]     // no legs
    [InlineData(1, 0, 10)]     // no seats
    [InlineData(1, 9, 10)]     // too many seats
    [InlineData(1, 1, 0)]      // hold ends at once
    [InlineData(1, 1, 1441)]   // hold longer than a day
    public void Bad_bookings_are_refused_without_events(int legs, int seats, int holdMinutes)
    {
        var command = new TripCommands.Book(Trip, Alice, [.. Enumerable.Range(0, legs).Select(i => new TripLeg(LegKind.Carpool, Pool, "offer-" + i, seats))], "fp", T0, T0.AddMinutes(holdMinutes));
        var decision = TripState.Empty.Process(command);
        Assert.Equal(TripRejection.Invalid, decision.Rejection?.Kind);
        Assert.Empty(decision.Events);
    }

    /// <summary>Whatever the commands, callers and times, the status only moves along allowed transitions and final states stay final.</summary>
    [Fact]
    public void Any_command_sequence_leaves_a_valid_state()
    {
        var property = Prop.ForAll(Commands().ToArbitrary(), commands =>
        {
            var state = TripState.Empty;
            var seenStarted = false;
            foreach (var command in commands)
            {
                var before = state;
                var decision = state.Process(command);
                state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
                if (!before.Exists)
                {
                    if (state.Exists && state.Status is not (TripStatus.Requested or TripStatus.Offered))
                    {
                        return false;
                    }

                    continue;
                }

                if (state.Status != before.Status && !TripStatuses.IsAllowed(before.Status, state.Status))
                {
                    return false;
                }

                if (before.Status.IsFinal() && decision.Events.Count > 0)
                {
                    return false;
                }

                seenStarted |= state.Status == TripStatus.Started;
                if (state.Status == TripStatus.Ended && !seenStarted)
                {
                    return false;
                }

                if (state.TravelerId != before.TravelerId || state.Fingerprint != before.Fingerprint || !state.Legs.SequenceEqual(before.Legs))
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>A retried request (the same command again) produces no event and leaves the state as the first left it.</summary>
    [Fact]
    public void Retried_commands_are_idempotent()
    {
        var property = Prop.ForAll(Commands().ToArbitrary(), commands =>
        {
            var state = TripState.Empty;
            foreach (var command in commands)
            {
                state = state.Process(command).Events.Aggregate(state, (s, e) => s.Apply(e));
                var again = state.Process(command);
                if (again.Events.Count != 0)
                {
                    return false;
                }
            }

            return true;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);
    }

    /// <summary>The operators held every leg (the entity's own message once they answered).</summary>
    private static readonly TripCommands.HoldsPlaced Placed = new(Trip, null, T0);

    private static TripCommands.Book Book(TripLeg[] legs, string fingerprint, int minute) =>
        new(Trip, Alice, legs, fingerprint, T0.AddMinutes(minute), T0.AddMinutes(10));

    private static Gen<ITripCommand[]> Commands()
    {
        var minute = Gen.Choose(0, 20);
        var traveler = Gen.Elements(Alice, Alice, Alice, Bob);
        var book = Gen.Zip(Gen.Elements("fp", "fp", "fp2"), Gen.Elements(true, false)).Select(t =>
            (ITripCommand)new TripCommands.Book(Trip, Alice, t.Item2 ? CarpoolAndBike : [CarpoolAndBike[1]], t.Item1, T0, T0.AddMinutes(10)));
        var byTraveler = Gen.Zip(Gen.Choose(0, 5), Gen.Zip(traveler, minute)).Select(t => t.Item1 switch
        {
            0 => (ITripCommand)new TripCommands.Commit(Trip, t.Item2.Item1, T0.AddMinutes(t.Item2.Item2)),
            1 => new TripCommands.Start(Trip, t.Item2.Item1, T0.AddMinutes(t.Item2.Item2)),
            2 => new TripCommands.End(Trip, t.Item2.Item1, T0.AddMinutes(t.Item2.Item2)),
            3 => new TripCommands.Cancel(Trip, t.Item2.Item1, T0.AddMinutes(t.Item2.Item2)),
            4 => new TripCommands.IssueTicket(Trip, t.Item2.Item1, new string('a', 32), "k1", T0.AddMinutes(t.Item2.Item2)),
            _ => new TripCommands.Expire(Trip, T0.AddMinutes(t.Item2.Item2)),
        });
        var answer = Gen.Zip(Gen.Elements(Pool, Pool, Bikes, Stranger), Gen.Zip(Gen.Elements(true, true, false), minute))
            .Select(t => (ITripCommand)new TripCommands.Answer(Trip, t.Item1, t.Item2.Item1, T0.AddMinutes(t.Item2.Item2)));
        var placed = Gen.Elements<ITripCommand>(
            Placed, Placed, new TripCommands.HoldsPlaced(Trip, new TripReplies.Rejected(Trip, TripRejection.Unavailable, "no seat"), T0.AddMinutes(1)));
        return Gen.Frequency((2, book), (2, placed), (6, byTraveler), (2, answer)).ArrayOf();
    }

    private static TripState Fold(TripState state, params ITripCommand[] commands)
    {
        foreach (var command in commands)
        {
            var decision = state.Process(command);
            Assert.True(decision.Rejection is null || decision.Rejection.Kind == TripRejection.Expired, decision.Rejection?.Reason);
            state = decision.Events.Aggregate(state, (s, e) => s.Apply(e));
        }

        return state;
    }
}

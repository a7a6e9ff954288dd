using Akka.Actor;
using Akka.Configuration;
using Mobility.Actors.Operators;
using Mobility.Actors.Trips;

namespace Mobility.Actors.Tests.Trips;

/// <summary>The trip actor on an in-memory journal, with a hand-moved clock.</summary>
public sealed class TripActorTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TravelerId Alice = TravelerId.Parse("t-alice");
    private static readonly TripId Trip = TripId.For(Alice, "k");

    private readonly ActorSystem _system = ActorSystem.Create("trip-actor-tests", ConfigurationFactory.ParseString("""
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        akka.loglevel = WARNING
        """));

    private readonly Clock _clock = new(T0);
    private readonly System.Collections.Concurrent.ConcurrentQueue<object> _seen = new();
    private Func<object, object?> _answer = AcceptAll;

    private static readonly OperatorId Bikes = OperatorId.Parse("bike-co");
    private static readonly OperatorId Pool = OperatorId.Parse("pool-co");

    private static object? AcceptAll(object command) => new OperatorReplies.Accepted(new OperatorView(Bikes, "Bikes", null, T0, []), true);

    private IActorRef Operators => _operators ??= _system.ActorOf(Props.Create(() => new FakeOperators(_seen, c => _answer(c))));

    private IActorRef? _operators;

    private IActorRef Trip1(TimeProvider? clock = null) => _system.ActorOf(TripActor.PropsFor(Trip.Value, clock ?? _clock, Operators));

    private static readonly TripLeg[] TwoHolds = [new(LegKind.SharedVehicle, Bikes, "bike-1", 1), new(LegKind.Carpool, Pool, "offer-1", 2)];

    [Fact]
    public async Task A_booking_interrupted_while_placing_its_holds_is_refused_after_restart_and_releases_them()
    {
        // The first hold is placed, the second operator never answers, and the entity stops (a crash) meanwhile.
        _answer = c => c is OperatorCommands.PlaceHold { OperatorId.Value: "pool-co" } ? null : AcceptAll(c);
        var first = Trip1();
        var pending = first.Ask<object>(new TripCommands.Book(Trip, Alice, TwoHolds, "fp", T0, T0.AddMinutes(10)), TimeSpan.FromSeconds(20), Ct);
        await WaitSeenAsync<OperatorCommands.PlaceHold>(2);
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        // Restarted: the recorded intent says holds may exist; the booking is refused and every operator releases.
        _answer = AcceptAll;
        var second = Trip1();
        await WaitSeenAsync<OperatorCommands.ReleaseHolds>(2);
        var released = _seen.OfType<OperatorCommands.ReleaseHolds>().Select(r => r.OperatorId.Value).Order().ToList();
        Assert.Equal(["bike-co", "pool-co"], released);
        var found = await second.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(TripStatus.Refused, found.Trip.Status);

        // The traveler's retry with the same key and body books again from the start.
        var retry = await second.Ask<TripReplies.Accepted>(new TripCommands.Book(Trip, Alice, TwoHolds, "fp", T0, T0.AddMinutes(10)), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(TripStatus.Offered, retry.Trip.Status);
        Assert.Equal(4, _seen.OfType<OperatorCommands.PlaceHold>().Count());
        _ = pending;
    }

    [Fact]
    public async Task A_refused_hold_refuses_the_booking_and_releases_the_holds_already_placed()
    {
        _answer = c => c is OperatorCommands.PlaceHold { OperatorId.Value: "pool-co" }
            ? new OperatorReplies.Rejected(Pool, RejectionKind.Conflict, "seats", "No seat left on offer-1.") : AcceptAll(c);
        var trip = Trip1();
        var refused = await trip.Ask<TripReplies.Rejected>(new TripCommands.Book(Trip, Alice, TwoHolds, "fp", T0, T0.AddMinutes(10)), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal((TripRejection.Unavailable, "No seat left on offer-1."), (refused.Kind, refused.Reason));
        await WaitSeenAsync<OperatorCommands.ReleaseHolds>(2);
    }

    [Fact]
    public async Task A_commit_whose_confirmations_were_lost_in_a_crash_confirms_the_holds_after_restart()
    {
        var first = Trip1();
        await first.Ask<TripReplies.Accepted>(new TripCommands.Book(Trip, Alice, [TwoHolds[0]], "fp", T0, T0.AddMinutes(10)), TimeSpan.FromSeconds(10), Ct);

        // The operator never answers the confirmation, and the entity stops: the trip is confirmed, its hold not yet.
        _answer = c => c is OperatorCommands.ConfirmHolds ? null : AcceptAll(c);
        var committed = await first.Ask<TripReplies.Accepted>(new TripCommands.Commit(Trip, Alice, T0.AddMinutes(1)), TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(TripStatus.Confirmed, committed.Trip.Status);
        await WaitSeenAsync<OperatorCommands.ConfirmHolds>(1);
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        // Restarted, the trip brings its operator in line again, unasked.
        _answer = AcceptAll;
        _ = Trip1();
        await WaitSeenAsync<OperatorCommands.ConfirmHolds>(2);
        Assert.All(_seen.OfType<OperatorCommands.ConfirmHolds>(), c => Assert.Equal(Trip, c.TripId));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task WaitSeenAsync<T>(int count)
    {
        for (var i = 0; i < 200 && _seen.OfType<T>().Count() < count; i++)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(_seen.OfType<T>().Count() >= count, $"{_seen.OfType<T>().Count()} {typeof(T).Name} seen, {count} expected");
    }

    /// <summary>Operators as the trip sees them: records every command and answers as the test says (null: never).</summary>
    private sealed class FakeOperators : ReceiveActor
    {
        public FakeOperators(System.Collections.Concurrent.ConcurrentQueue<object> seen, Func<object, object?> answer) =>
            ReceiveAny(m =>
            {
                seen.Enqueue(m);
                if (answer(m) is { } reply)
                {
                    Sender.Tell(reply);
                }
            });
    }

    [Fact]
    public async Task A_trip_expires_by_its_clock_even_after_the_entity_was_stopped_and_recovered()
    {
        var first = Trip1();
        var booked = await first.Ask<TripReplies.Accepted>(
            new TripCommands.Book(Trip, Alice, [new TripLeg(LegKind.SharedVehicle, OperatorId.Parse("bike-co"), "bike-1", 1)], "fp", T0, T0.AddMinutes(10)),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripStatus.Offered, booked.Trip.Status);
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        _clock.Advance(TimeSpan.FromMinutes(10));
        var second = Trip1();
        var found = await second.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripStatus.Expired, found.Trip.Status);

        // The lapse was persisted: a third incarnation reads it from the journal without the clock's help.
        await second.GracefulStop(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromMinutes(-30));
        var third = Trip1();
        Assert.Equal(TripStatus.Expired, (await third.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Trip.Status);
        var late = await third.Ask<TripReplies.Rejected>(new TripCommands.Commit(Trip, Alice, _clock.GetUtcNow()), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripRejection.Expired, late.Kind);
    }

    [Fact]
    public async Task The_expiry_timer_fires_while_the_entity_is_awake()
    {
        // The real clock here: the timer runs on the scheduler's time.
        var now = TimeProvider.System.GetUtcNow();
        var actor = Trip1(TimeProvider.System);
        await actor.Ask<TripReplies.Accepted>(
            new TripCommands.Book(Trip, Alice, [new TripLeg(LegKind.SharedVehicle, OperatorId.Parse("bike-co"), "bike-1", 1)], "fp", now, now.AddMilliseconds(300)),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        await Task.Delay(1500, TestContext.Current.CancellationToken);
        var asked = TimeProvider.System.GetUtcNow();
        var found = await actor.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripStatus.Expired, found.Trip.Status);

        // Expired by the timer, near its expiry, not by the check the query runs a second later.
        Assert.InRange(found.Trip.UpdatedAt, now.AddMilliseconds(300), asked.AddMilliseconds(-500));
    }

    public void Dispose() => _system.Dispose();

    private sealed class Clock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}

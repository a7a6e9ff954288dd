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

    [Fact]
    public async Task A_trip_expires_by_its_clock_even_after_the_entity_was_stopped_and_recovered()
    {
        var first = _system.ActorOf(TripActor.PropsFor(Trip.Value, _clock));
        var booked = await first.Ask<TripReplies.Accepted>(
            new TripCommands.Book(Trip, Alice, [new TripLeg(LegKind.SharedVehicle, OperatorId.Parse("bike-co"), "bike-1", 1)], "fp", T0, T0.AddMinutes(10)),
            TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripStatus.Offered, booked.Trip.Status);
        await first.GracefulStop(TimeSpan.FromSeconds(5));

        _clock.Advance(TimeSpan.FromMinutes(10));
        var second = _system.ActorOf(TripActor.PropsFor(Trip.Value, _clock));
        var found = await second.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripStatus.Expired, found.Trip.Status);

        // The lapse was persisted: a third incarnation reads it from the journal without the clock's help.
        await second.GracefulStop(TimeSpan.FromSeconds(5));
        _clock.Advance(TimeSpan.FromMinutes(-30));
        var third = _system.ActorOf(TripActor.PropsFor(Trip.Value, _clock));
        Assert.Equal(TripStatus.Expired, (await third.Ask<TripReplies.Found>(new TripQueries.Get(Trip), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken)).Trip.Status);
        var late = await third.Ask<TripReplies.Rejected>(new TripCommands.Commit(Trip, Alice, _clock.GetUtcNow()), TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal(TripRejection.Expired, late.Kind);
    }

    [Fact]
    public async Task The_expiry_timer_fires_while_the_entity_is_awake()
    {
        // The real clock here: the timer runs on the scheduler's time.
        var now = TimeProvider.System.GetUtcNow();
        var actor = _system.ActorOf(TripActor.PropsFor(Trip.Value, TimeProvider.System));
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

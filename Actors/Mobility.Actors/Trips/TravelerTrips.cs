using System.Collections.Immutable;
using Akka.Actor;
using Akka.Persistence;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Trips;

public interface ITravelerTripsMessage : IClusterMessage
{
    TravelerId TravelerId { get; }
}

/// <summary>The index of one traveler's trips ("my trips"): trip ids, newest last, a bounded number kept.</summary>
public static class TravelerTripsMessages
{
    /// <summary>Adds a trip (idempotent); answered with <see cref="List"/>.</summary>
    public sealed record Add(TravelerId TravelerId, TripId TripId, DateTimeOffset At) : ITravelerTripsMessage;

    public sealed record Get(TravelerId TravelerId) : ITravelerTripsMessage;

    public sealed record List(TravelerId TravelerId, IReadOnlyList<TripId> Trips) : IClusterMessage;

    public sealed record Added(TravelerId TravelerId, TripId TripId, DateTimeOffset At) : IPersistedEvent;
}

public sealed class TravelerTripsActor : ReceivePersistentActor
{
    /// <summary>The index keeps this many most recent trips; older ones stay readable by id.</summary>
    public const int Kept = 500;

    private readonly TravelerId _traveler;
    private ImmutableList<TripId> _trips = [];

    public TravelerTripsActor(string entityId)
    {
        _traveler = TravelerId.Parse(entityId);
        PersistenceId = "traveler-trips-" + entityId;
        Recover<TravelerTripsMessages.Added>(Apply);
        Command<TravelerTripsMessages.Get>(_ => Sender.Tell(new TravelerTripsMessages.List(_traveler, _trips)));
        Command<TravelerTripsMessages.Add>(a =>
        {
            if (_trips.Contains(a.TripId))
            {
                Sender.Tell(new TravelerTripsMessages.List(_traveler, _trips));
                return;
            }

            var sender = Sender;
            Persist(new TravelerTripsMessages.Added(a.TravelerId, a.TripId, a.At), e =>
            {
                Apply(e);
                sender.Tell(new TravelerTripsMessages.List(_traveler, _trips));
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId) => Props.Create(() => new TravelerTripsActor(entityId));

    private void Apply(TravelerTripsMessages.Added e)
    {
        _trips = _trips.Add(e.TripId);
        if (_trips.Count > Kept)
        {
            _trips = _trips.RemoveAt(0);
        }
    }
}

using Akka.Actor;
using Akka.Persistence;

namespace Mobility.Actors.Trips;

/// <summary>
/// The sharded, event-sourced entity of one booking. Expiry is driven by a timer while the entity is awake and checked
/// again on every message (with the <see cref="TimeProvider"/>), so a passivated or moved trip still expires on time
/// as far as anyone can observe.
/// </summary>
public sealed class TripActor : ReceivePersistentActor, IWithTimers
{
    public const int SnapshotEvery = 50;
    private const string ExpiryTimer = "expiry";

    private readonly TimeProvider _clock;
    private TripState _state = TripState.Empty;

    public TripActor(string entityId, TimeProvider clock)
    {
        _clock = clock;
        PersistenceId = "trip-" + entityId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is TripState state)
            {
                _state = state;
            }
        });
        Recover<ITripEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => ScheduleExpiry());

        Command<TripQueries.Get>(q => Decide(new TripCommands.Expire(q.TripId, _clock.GetUtcNow()), Sender, reply: () =>
            _state.Exists ? new TripReplies.Found(_state.ToView()) : new TripReplies.NotFound(q.TripId)));
        Command<ExpiryTick>(_ =>
        {
            if (_state.Id is { } id)
            {
                Decide(new TripCommands.Expire(id, _clock.GetUtcNow()), ActorRefs.Nobody, reply: () => null);

                // A tick before the clock reaches the expiry (clocks differ from the scheduler's) sets the timer again.
                ScheduleExpiry();
            }
        });
        Command<ITripCommand>(c => Decide(c, Sender, reply: null));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props PropsFor(string entityId, TimeProvider clock) => Props.Create(() => new TripActor(entityId, clock));

    /// <summary>Runs a command; answers <paramref name="reply"/>'s message when given, else the decision's own reply.</summary>
    private void Decide(ITripCommand command, IActorRef sender, Func<object?>? reply)
    {
        // A lapse is recorded before anything else is decided or read.
        var events = new List<ITripEvent>();
        if (command is not TripCommands.Expire && _state.Id is { } id)
        {
            foreach (var e in _state.Process(new TripCommands.Expire(id, _clock.GetUtcNow())).Events)
            {
                _state = _state.Apply(e);
                events.Add(e);
            }
        }

        var decision = _state.Process(command);
        foreach (var e in decision.Events)
        {
            _state = _state.Apply(e);
            events.Add(e);
        }

        // State is applied before the write: the actor stashes messages until PersistAll completes, and a failed
        // write stops the actor, which recovers from the journal.
        var answer = reply is not null ? reply()
            : decision.Rejection is { } rejection ? rejection
            : _state.Exists ? new TripReplies.Accepted(_state.ToView(), decision.Events.Count > 0) : null;
        if (events.Count == 0)
        {
            Tell(sender, answer);
            return;
        }

        var remaining = events.Count;
        PersistAll(events, e =>
        {
            AfterPersist(e);
            if (--remaining == 0)
            {
                Tell(sender, answer);
            }
        });
    }

    private void AfterPersist(ITripEvent e)
    {
        _ = e;
        if (LastSequenceNr % SnapshotEvery == 0)
        {
            SaveSnapshot(_state);
        }

        ScheduleExpiry();
    }

    private void ScheduleExpiry()
    {
        if (_state.Exists && _state.Status is TripStatus.Offered or TripStatus.Pending)
        {
            var delay = _state.ExpiresAt - _clock.GetUtcNow();
            Timers.StartSingleTimer(ExpiryTimer, ExpiryTick.Instance, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
        else
        {
            Timers.Cancel(ExpiryTimer);
        }
    }

    private static void Tell(IActorRef to, object? message)
    {
        if (message is not null && !to.IsNobody())
        {
            to.Tell(message);
        }
    }

    private sealed class ExpiryTick
    {
        public static readonly ExpiryTick Instance = new();
    }
}

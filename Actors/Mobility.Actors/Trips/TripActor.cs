using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Persistence;
using Mobility.Actors.Operators;

namespace Mobility.Actors.Trips;

/// <summary>
/// The sharded, event-sourced entity of one booking, and the booking's process: it records the booking's intent,
/// places each leg's hold at its operator, records the outcome, and after every status change brings the operators'
/// holds in line (made permanent once committed, released once refused, cancelled, expired or ended). Every step is
/// persisted before the next, and every operator command is idempotent, so after a crash at any point the recovered
/// trip finishes the step: a booking interrupted while placing holds is refused and its holds released; a committed
/// trip confirms its holds again. Expiry is driven by a timer while the entity is awake and checked again on every
/// message (with the <see cref="TimeProvider"/>), so a passivated or moved trip still expires on time as far as anyone
/// can observe. The region remembers its entities, so a trip interrupted by a crash is restarted without being asked.
/// </summary>
public sealed class TripActor : ReceivePersistentActor, IWithTimers
{
    public const int SnapshotEvery = 50;

    /// <summary>The journal tag of <see cref="TripEvents.TicketRevoked"/>: the tickets validators must refuse.</summary>
    public const string DenyListTag = "ticket-deny";
    private const string ExpiryTimer = "expiry";
    private const string SyncTimer = "sync";

    /// <summary>How long an operator has to answer one hold, confirmation or release.</summary>
    public static readonly TimeSpan OperatorTimeout = TimeSpan.FromSeconds(8);

    /// <summary>When bringing the holds in line failed (an operator did not answer), it is tried again after this.</summary>
    public static readonly TimeSpan SyncRetry = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _clock;
    private readonly IActorRef? _operators;
    private readonly bool _passivateWhenSettled;
    private TripState _state = TripState.Empty;

    public TripActor(string entityId, TimeProvider clock, IActorRef? operators = null, bool passivateWhenSettled = false)
    {
        _clock = clock;
        _operators = operators;
        _passivateWhenSettled = passivateWhenSettled;
        PersistenceId = "trip-" + entityId;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is TripState state)
            {
                _state = state;
            }
        });
        Recover<ITripEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ =>
        {
            ScheduleExpiry();
            if (_state.Status == TripStatus.Requested)
            {
                // Interrupted while placing holds: which were placed is unknown, so the booking is refused and all released.
                Self.Tell(new TripCommands.HoldsPlaced(_state.Id!, new TripReplies.Rejected(_state.Id!, TripRejection.Interrupted,
                    "The booking was interrupted while its holds were placed; nothing is held. Book again with a new Idempotency-Key."), _clock.GetUtcNow()));
            }
            else
            {
                Sync();
            }
        });

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
        Command<Synced>(OnSynced);
        Command<SyncAgain>(_ => Sync());
        Command<ITripCommand>(c => Decide(c, Sender, reply: null));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public ITimerScheduler Timers { get; set; } = null!;

    private IActorRef Operators => _operators ?? ActorRegistry.For(Context.System).Get<OperatorRegion>();

    public static Props PropsFor(string entityId, TimeProvider clock, IActorRef? operators = null, bool passivateWhenSettled = false) =>
        Props.Create(() => new TripActor(entityId, clock, operators, passivateWhenSettled));

    /// <summary>Runs a command; answers <paramref name="reply"/>'s message when given, else the decision's own reply.</summary>
    private void Decide(ITripCommand command, IActorRef sender, Func<object?>? reply)
    {
        var before = _state.Status;

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

        // Revoked tickets are tagged: the deny list is read from the journal.
        var remaining = events.Count;
        PersistAll(events.Select(e => e is TripEvents.TicketRevoked ? (object)new Akka.Persistence.Journal.Tagged(e, [DenyListTag]) : e), p =>
        {
            AfterPersist();
            if (--remaining > 0)
            {
                return;
            }

            if (_state.Status == TripStatus.Requested && before != TripStatus.Requested)
            {
                PlaceHolds(sender); // The answer waits for the holds.
                return;
            }

            Tell(sender, answer);
            if (_state.Status != before)
            {
                Sync();
            }
        });
    }

    /// <summary>Places the held legs' holds one after the other; the first refusal stops and refuses the booking.</summary>
    private void PlaceHolds(IActorRef replyTo)
    {
        var legs = _state.Legs.Where(l => l.Holds).ToList();
        BecomeStacked(() =>
        {
            Command<HoldAnswer>(a =>
            {
                var leg = legs[a.Index];
                TripReplies.Rejected? refusal = a.Reply switch
                {
                    OperatorReplies.Accepted => null,
                    OperatorReplies.Rejected { Kind: RejectionKind.NotRegistered } => new(_state.Id!, TripRejection.UnknownOperator, $"No operator '{leg.OperatorId}'."),
                    OperatorReplies.Rejected r => new(_state.Id!, TripRejection.Unavailable, r.Reason),
                    _ => new(_state.Id!, TripRejection.Interrupted, $"Operator '{leg.OperatorId}' did not answer; nothing is held. Book again with a new Idempotency-Key."),
                };
                if (refusal is null && a.Index + 1 < legs.Count)
                {
                    Ask(legs, a.Index + 1);
                    return;
                }

                UnbecomeStacked();
                Stash.UnstashAll();
                Decide(new TripCommands.HoldsPlaced(_state.Id!, refusal, _clock.GetUtcNow()), replyTo, reply: null);
            });
            CommandAny(_ => Stash.Stash());
        });
        Ask(legs, 0);

        void Ask(List<TripLeg> all, int index)
        {
            var leg = all[index];
            Operators.Ask<object>(new OperatorCommands.PlaceHold(leg.OperatorId, _state.Id!, leg.Kind, leg.ResourceId, leg.Seats, _state.ExpiresAt, _clock.GetUtcNow()), OperatorTimeout)
                .PipeTo(Self, success: r => new HoldAnswer(index, r), failure: _ => new HoldAnswer(index, null));
        }
    }

    /// <summary>Brings the operators' holds in line with the status: permanent once committed, released once over.</summary>
    private void Sync()
    {
        if (!_state.Exists || _state.Status.HoldsConfirmed() is not { } confirm)
        {
            return;
        }

        var status = _state.Status;
        var now = _clock.GetUtcNow();
        var operators = _state.Legs.Where(l => l.Holds).Select(l => l.OperatorId).Distinct().ToList();
        var asks = operators.Select(op => Operators.Ask<object>(
            confirm ? new OperatorCommands.ConfirmHolds(op, _state.Id!, now) : new OperatorCommands.ReleaseHolds(op, _state.Id!, now), OperatorTimeout));
        Task.WhenAll(asks).PipeTo(Self,
            success: replies => new Synced(status, replies.All(r => r is OperatorReplies.Accepted or OperatorReplies.Rejected { Kind: RejectionKind.NotRegistered })),
            failure: _ => new Synced(status, false));
    }

    private void OnSynced(Synced s)
    {
        if (s.Status != _state.Status)
        {
            return; // The status moved on meanwhile; its own sync follows.
        }

        if (!s.Done)
        {
            Timers.StartSingleTimer(SyncTimer, SyncAgain.Instance, SyncRetry);
            return;
        }

        // Settled: nothing left that needs this entity awake (no expiry to watch, holds in line): it may leave memory,
        // and the region forgets it until it is asked again.
        if (_passivateWhenSettled && _state.Status is not (TripStatus.Offered or TripStatus.Pending))
        {
            Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        }
    }

    private void AfterPersist()
    {
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

    private sealed record HoldAnswer(int Index, object? Reply);

    private sealed record Synced(TripStatus Status, bool Done);

    private sealed class SyncAgain
    {
        public static readonly SyncAgain Instance = new();
    }
}

using Akka.Actor;
using Akka.Persistence;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;
using static Mobility.Actors.Carpool.IdentityMessages;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One pseudonymous identity across every operator: its <see cref="IdentityState"/> (recent journeys for the
/// cross-operator rules, the evidence values its journeys used), the same state the in-process pipeline keeps. Declarations touching this identity are
/// serialized by reserve-then-commit: a reservation is answered with the violations the journey would cause and
/// holds the identity until the journey commits or releases it; other reservations wait (stashed). A journey
/// reserves its identities in ordinal key order, so two journeys never wait on each other in a cycle. A batch of
/// declarations holds the identity once for all its journeys (<see cref="ReserveBatch"/>, answered with a snapshot,
/// then <see cref="CommitBatch"/>: one write for all of them); a batch waiting for the identity waits in a queue of its
/// own, which <see cref="Release"/> leaves, so a batch that gives up (it breaks waits that could form a cycle) leaves
/// nothing behind.
/// </summary>
public sealed class IdentityActor : ReceivePersistentActor
{
    private readonly IdentityState _state;
    private readonly TimeSpan _hold;
    private Hold? _held;
    private readonly List<(ReserveBatch Reserve, IActorRef ReplyTo)> _waitingBatches = [];

    private sealed record Hold(string JourneyKey, ICancelable Timer);

    private sealed record HoldExpired(string JourneyKey);

    public IdentityActor(string identityKey, TimeSpan hold)
    {
        PersistenceId = "identity-" + identityKey;
        SnapshotPluginId = CarpoolContext.NoSnapshotStore; // Never saves snapshots (see there).
        _state = new IdentityState(identityKey);
        _hold = hold;

        Recover<CarpoolEvents.TripRecorded>(Apply);
        Recover<CarpoolEvents.TripWithdrawn>(Apply);

        Command<Reserve>(OnReserve);
        Command<Commit>(OnCommit);
        Command<ReserveBatch>(OnReserveBatch);
        Command<CommitBatch>(OnCommitBatch);
        Command<Release>(r =>
        {
            _waitingBatches.RemoveAll(w => w.Reserve.BatchKey == r.JourneyKey);
            EndHold(r.JourneyKey);
        });
        Command<HoldExpired>(h => EndHold(h.JourneyKey));
        Command<Withdraw>(w =>
        {
            if (!_state.Knows(w.JourneyKey))
            {
                return;
            }

            Persist(new CarpoolEvents.TripWithdrawn(w.IdentityKey, w.JourneyKey, w.Reason), Apply);
        });
        Command<GetJourneys>(g => Sender.Tell(new Journeys(g.IdentityKey, [.. _state.JourneyKeys])));
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId, TimeSpan hold) => Props.Create(() => new IdentityActor(entityId, hold));

    private void OnReserve(Reserve r)
    {
        if (_held is not null && _held.JourneyKey != r.Trip.JourneyKey)
        {
            Stash.Stash(); // Another journey holds this identity: answer once it commits or releases.
            return;
        }

        _held?.Timer.Cancel();
        var timer = Context.System.Scheduler.ScheduleTellOnceCancelable(_hold, Self, new HoldExpired(r.Trip.JourneyKey), Self);
        _held = new Hold(r.Trip.JourneyKey, timer);
        var answer = _state.Answer(r.Trip, r.Values);
        Sender.Tell(new Reserved(r.IdentityKey, r.Trip.JourneyKey, answer.Violations, answer.Replays));
    }

    private void OnReserveBatch(ReserveBatch r)
    {
        if (_held is not null && _held.JourneyKey != r.BatchKey)
        {
            _waitingBatches.Add((r, Sender));
            return;
        }

        GrantBatch(r, Sender);
    }

    private void GrantBatch(ReserveBatch r, IActorRef replyTo)
    {
        _held?.Timer.Cancel();
        var timer = Context.System.Scheduler.ScheduleTellOnceCancelable(_hold, Self, new HoldExpired(r.BatchKey), Self);
        _held = new Hold(r.BatchKey, timer);
        replyTo.Tell(new BatchReserved(r.IdentityKey, r.BatchKey, _state.Snapshot(r.JourneyKeys, r.Values)));
    }

    private void OnCommitBatch(CommitBatch c)
    {
        var sender = Sender;
        var events = c.Trips.Where(t => !_state.Knows(t.Trip.JourneyKey)).DistinctBy(t => t.Trip.JourneyKey)
            .Select(t => new CarpoolEvents.TripRecorded(c.IdentityKey, t.Trip, t.Values)).ToList();
        if (events.Count == 0)
        {
            EndHold(c.BatchKey);
            sender.Tell(new BatchCommitted(c.IdentityKey, c.BatchKey));
            return;
        }

        // One write for the batch's journeys of this identity; the answer once the last is stored.
        var left = events.Count;
        PersistAll(events, e =>
        {
            Apply(e);
            if (--left == 0)
            {
                EndHold(c.BatchKey);
                sender.Tell(new BatchCommitted(c.IdentityKey, c.BatchKey));
            }
        });
    }

    private void OnCommit(Commit c)
    {
        if (_state.Knows(c.Trip.JourneyKey))
        {
            EndHold(c.Trip.JourneyKey); // A journey recovering re-sends its commit: already recorded.
            return;
        }

        Persist(new CarpoolEvents.TripRecorded(c.IdentityKey, c.Trip, c.Values), e =>
        {
            Apply(e);
            EndHold(e.Trip.JourneyKey);
        });
    }

    private void EndHold(string journeyKey)
    {
        if (_held is null || _held.JourneyKey != journeyKey)
        {
            return;
        }

        _held.Timer.Cancel();
        _held = null;
        if (_waitingBatches.Count > 0)
        {
            // The longest-waiting batch next; single reservations (stashed) are answered after it.
            var (next, replyTo) = _waitingBatches[0];
            _waitingBatches.RemoveAt(0);
            GrantBatch(next, replyTo);
            return;
        }

        Stash.UnstashAll();
    }

    private void Apply(CarpoolEvents.TripRecorded e) =>
        _state.Apply(new IdentityEvents.TripRecorded(e.IdentityKey, e.Trip, e.Values));

    private void Apply(CarpoolEvents.TripWithdrawn e) =>
        _state.Apply(new IdentityEvents.TripRevoked(e.IdentityKey, e.JourneyKey, e.Reason));
}

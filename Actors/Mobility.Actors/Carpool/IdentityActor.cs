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
/// reserves its identities in ordinal key order, so two journeys never wait on each other in a cycle.
/// </summary>
public sealed class IdentityActor : ReceivePersistentActor
{
    private readonly IdentityState _state;
    private readonly TimeSpan _hold;
    private Hold? _held;

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
        Command<Release>(r => EndHold(r.JourneyKey));
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
        Stash.UnstashAll();
    }

    private void Apply(CarpoolEvents.TripRecorded e) =>
        _state.Apply(new IdentityEvents.TripRecorded(e.IdentityKey, e.Trip, e.Values));

    private void Apply(CarpoolEvents.TripWithdrawn e) =>
        _state.Apply(new IdentityEvents.TripRevoked(e.IdentityKey, e.JourneyKey, e.Reason));
}

using Akka.Actor;
using Akka.Persistence;

namespace Mobility.Actors.Operators;

/// <summary>
/// The sharded, event-sourced entity of one operator: it asks <see cref="OperatorState"/> what a command means,
/// persists the resulting events, then answers. All decisions live in the state.
/// </summary>
public sealed class OperatorActor : ReceivePersistentActor
{
    /// <summary>A snapshot every this many events keeps recovery short for busy operators.</summary>
    public const int SnapshotEvery = 100;

    private readonly TimeProvider _clock;
    private OperatorState _state = OperatorState.Empty;

    public OperatorActor(string entityId, TimeProvider clock)
    {
        _clock = clock;
        PersistenceId = PersistenceIdFor(entityId);

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is OperatorState state)
            {
                _state = state;
            }
        });
        Recover<IOperatorEvent>(e => _state = _state.Apply(e));

        Command<OperatorQueries.Get>(q => Sender.Tell(_state.IsRegistered
            ? new OperatorReplies.Found(_state.ToView(_clock.GetUtcNow()))
            : new OperatorReplies.NotFound(q.OperatorId)));
        Command<IOperatorCommand>(Handle);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { /* The journal still holds every event; the next snapshot will try again. */ });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static string PersistenceIdFor(string entityId) => "operator-" + entityId;

    public static Props PropsFor(string entityId, TimeProvider clock) => Props.Create(() => new OperatorActor(entityId, clock));

    /// <summary>Events that change what planners see.</summary>
    private static bool IsLive(IOperatorEvent e) => e is OperatorEvents.OfferPublished or OperatorEvents.OfferWithdrawn
        or OperatorEvents.HoldPlaced or OperatorEvents.HoldsConfirmed or OperatorEvents.HoldsReleased;

    private void Handle(IOperatorCommand command)
    {
        var decision = _state.Process(command);
        if (decision.Rejection is { } rejection)
        {
            Sender.Tell(rejection);
            return;
        }

        if (decision.Events.Count == 0)
        {
            Sender.Tell(new OperatorReplies.Accepted(_state.ToView(_clock.GetUtcNow()), Changed: false));
            return;
        }

        var sender = Sender;
        var remaining = decision.Events.Count;
        PersistAll(decision.Events, e =>
        {
            _state = _state.Apply(e);
            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(_state);
            }

            if (--remaining == 0)
            {
                var now = _clock.GetUtcNow();
                if (decision.Events.Any(IsLive))
                {
                    LiveOfferReplication.Publish(Context.System, new OperatorLiveOffers(_state.Id!, _state.LiveOffers(now), LastSequenceNr));
                }

                sender.Tell(new OperatorReplies.Accepted(_state.ToView(now), Changed: true));
            }
        });
    }
}

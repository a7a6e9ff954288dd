using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Accounts;

/// <summary>The sharded, event-sourced entity of one medium's account; decisions are <see cref="AccountState"/>'s.</summary>
public sealed class AccountActor : ReceivePersistentActor
{
    public const int SnapshotEvery = 100;

    /// <summary>The journal tag of <see cref="AccountEvents.TapsCharged"/>: the ticketing ledger that clearing reads.</summary>
    public const string LedgerTag = "ticket-ledger";

    private readonly CappingEngine _engine;
    private AccountState _state = AccountState.Empty;

    public AccountActor(string entityId, CappingEngine engine)
    {
        _engine = engine;
        PersistenceId = "account-" + entityId;
        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is AccountState state)
            {
                _state = state;
            }
        });
        Recover<IAccountEvent>(e => _state = _state.Apply(e));
        Command<IAccountMessage>(Decide);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(_ => { });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(_ => { });
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId, CappingEngine engine) => Props.Create(() => new AccountActor(entityId, engine));

    private void Decide(IAccountMessage command)
    {
        var (reply, events) = _state.Process(command, _engine);
        var sender = Sender;
        if (events.Count == 0)
        {
            sender.Tell(reply);
            return;
        }

        // Applied before the write: messages are stashed until PersistAll completes, and a failed write stops the actor,
        // which recovers from the journal.
        foreach (var e in events)
        {
            _state = _state.Apply(e);
        }

        // Charged and refunded taps are tagged: clearing reads them all, across accounts, from the journal (a projection, not a copy).
        var remaining = events.Count;
        PersistAll(events.Select(e => e is AccountEvents.TapsCharged or AccountEvents.TapRefunded ? (object)new Tagged(e, [LedgerTag]) : e), _ =>
        {
            if (LastSequenceNr % SnapshotEvery == 0)
            {
                SaveSnapshot(_state);
            }

            if (--remaining == 0)
            {
                sender.Tell(reply);
            }
        });
    }
}

using Akka.Actor;
using Akka.Persistence;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One operator-signed batch's manifest ("operator_id/manifest hash"): the declaration hashes and the operator's
/// signature, kept once (<see cref="CarpoolEvents.BatchManifestKept"/>) before any journey of the batch is logged,
/// so that an export holds, for every journey accepted from a batch, what its operator signed. A retried batch
/// has the same key and changes nothing.
/// </summary>
public sealed class BatchManifestActor : ReceivePersistentActor
{
    private bool _kept;

    public BatchManifestActor(string entityId)
    {
        PersistenceId = "batch-" + entityId;
        SnapshotPluginId = CarpoolContext.NoSnapshotStore; // One event, never a snapshot.
        Recover<CarpoolEvents.BatchManifestKept>(_ => _kept = true);
        Command<BatchMessages.Keep>(k =>
        {
            if (_kept)
            {
                Sender.Tell(new BatchMessages.Kept(k.BatchKey, false));
                return;
            }

            var sender = Sender;
            Persist(new CarpoolEvents.BatchManifestKept(k.OperatorId, k.Signature, k.DeclarationHashes, DateTimeOffset.UtcNow), _ =>
            {
                _kept = true;
                sender.Tell(new BatchMessages.Kept(k.BatchKey, true));
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId) => Props.Create(() => new BatchManifestActor(entityId));
}

using Akka.Actor;
using Akka.Persistence;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One immutable binding: an operator id to its Ed25519 public key ("operator:ID"), or a device key to its
/// pseudonymous identity ("device:OPERATOR:KEY", see <see cref="KeyBindingSubjects"/>). Bound once; binding again to the same value is harmless, to another a conflict.
/// </summary>
public sealed class KeyBindingActor : ReceivePersistentActor
{
    public const int MaxSubjectLength = 300;
    public const int MaxValueLength = 128;

    private string? _value;

    public KeyBindingActor(string entityId)
    {
        PersistenceId = "key-" + entityId;
        SnapshotPluginId = CarpoolContext.NoSnapshotStore; // Never saves snapshots (see there).
        Recover<CarpoolEvents.KeyBound>(e => _value = e.Value);
        Command<KeyBindingMessages.Get>(g => Sender.Tell(new KeyBindingMessages.Binding(g.Subject, _value, false, false)));
        Command<KeyBindingMessages.Bind>(b =>
        {
            if (_value is not null)
            {
                Sender.Tell(new KeyBindingMessages.Binding(b.Subject, _value, false, _value != b.Value));
                return;
            }

            var sender = Sender;
            Persist(new CarpoolEvents.KeyBound(b.Subject, b.Value), e =>
            {
                _value = e.Value;
                sender.Tell(new KeyBindingMessages.Binding(b.Subject, _value, true, false));
            });
        });
    }

    public override string PersistenceId { get; }

    public static Props PropsFor(string entityId) => Props.Create(() => new KeyBindingActor(entityId));
}

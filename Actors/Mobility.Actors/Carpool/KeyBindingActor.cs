using Akka.Actor;
using Akka.Persistence;

namespace Mobility.Actors.Carpool;

/// <summary>
/// One binding: an operator id to its Ed25519 public key ("operator:ID", for ever), a device key to its pseudonymous
/// identity ("device:OPERATOR:KEY", see <see cref="KeyBindingSubjects"/>), or a traveler account to the identity its
/// device proved ("traveler:ID"). Binding again to the same value is harmless, to another a conflict. A device or
/// traveler binding can be ended (<see cref="KeyBindingMessages.Unbind"/>: a lost phone, a rotated key) and then bound
/// again; the journal keeps every binding it ever had.
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
        Recover<CarpoolEvents.KeyUnbound>(_ => _value = null);
        Command<KeyBindingMessages.Unbind>(u =>
        {
            if (_value is null || u.Subject.StartsWith("operator:", StringComparison.Ordinal) || (u.Only is not null && u.Only != _value))
            {
                Sender.Tell(new KeyBindingMessages.Binding(u.Subject, _value, false, _value is not null));
                return;
            }

            var sender = Sender;
            Persist(new CarpoolEvents.KeyUnbound(u.Subject, _value, DateTimeOffset.UtcNow), _ =>
            {
                _value = null;
                sender.Tell(new KeyBindingMessages.Binding(u.Subject, null, false, false));
            });
        });
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

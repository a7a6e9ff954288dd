using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Persistence;

namespace Mobility.Actors.Territories;

/// <summary>
/// The territory registry (a cluster singleton, event-sourced): a thin shell around <see cref="TerritoryRegistryState"/>.
/// Each change is persisted, then announced on <see cref="Topic"/> so that every node's <see cref="TerritoryBoard"/>
/// reads the registry again at once (the boards also read it every few seconds, since pub-sub may lose a message).
/// </summary>
public sealed class TerritoryRegistryActor : ReceivePersistentActor
{
    public const string Topic = "territories";

    private TerritoryRegistryState _state = TerritoryRegistryState.Empty;
    private readonly TimeProvider _time;

    public TerritoryRegistryActor(TimeProvider time)
    {
        _time = time;
        Recover<TerritoryEvents.Registered>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => Announce());
        Command<TerritoryCommands.List>(l => Sender.Tell(_state.List(l.KnownVersion)));
        Command<TerritoryCommands.Register>(r =>
        {
            var (reply, e) = _state.Process(r, _time.GetUtcNow());
            if (e is null)
            {
                Sender.Tell(reply);
                return;
            }

            var replyTo = Sender;
            Persist(e, persisted =>
            {
                var before = _state;
                _state = _state.Apply(persisted);
                replyTo.Tell(_state.Answer(before, persisted));
                Announce();
            });
        });
        Command<SubscribeAck>(_ => { });
    }

    public override string PersistenceId => "territory-registry";

    public static Props PropsFor(TimeProvider time) => Props.Create(() => new TerritoryRegistryActor(time));

    private void Announce() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, new TerritoryReplies.Changed(_state.Version)));
}

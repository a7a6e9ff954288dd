using System.Collections.Immutable;
using Akka.Actor;
using Akka.DistributedData;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Operators;

/// <summary>One operator's live offers at one version (its journal sequence number), as replicated to every node.</summary>
public sealed record OperatorLiveOffers(OperatorId OperatorId, IReadOnlyList<LiveOffer> Offers, long Version) : IClusterMessage;

/// <summary>
/// Live offers reach every node through Akka Distributed Data: one LWW dictionary, operator id to its offers. The
/// operator entity (the single writer of its entry) writes with <c>WriteAll</c>, which pushes the change to every
/// node at once instead of waiting for gossip, and stamps entries with its sequence number so a newer write always wins.
/// </summary>
public static class LiveOfferReplication
{
    public static readonly LWWDictionaryKey<string, OperatorLiveOffers> Key = new("live-offers");

    /// <summary>How long a write waits for every node; unreachable nodes still get it by gossip.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    public static void Publish(ActorSystem system, OperatorLiveOffers offers)
    {
        var cluster = Akka.Cluster.Cluster.Get(system);
        DistributedData.Get(system).Replicator.Tell(Dsl.Update(
            Key,
            LWWDictionary<string, OperatorLiveOffers>.Empty,
            new WriteAll(WriteTimeout),
            d => d.SetItem(cluster, offers.OperatorId.Value, offers, (current, value) => Math.Max(current + 1, value.Version))));
    }
}

/// <summary>
/// This node's view of every operator's live offers, for the planner: an immutable snapshot swapped atomically, so a
/// query reads one consistent version without locks.
/// </summary>
public sealed class LiveOfferBoard
{
    private ImmutableDictionary<OperatorId, OperatorLiveOffers> _current = ImmutableDictionary<OperatorId, OperatorLiveOffers>.Empty;

    /// <summary>Raised after each change (tests and the planner integration use it).</summary>
    public event Action? Changed;

    public ImmutableDictionary<OperatorId, OperatorLiveOffers> Current => Volatile.Read(ref _current);

    /// <summary>Every live offer with free seats that is not past its window at <paramref name="now"/>.</summary>
    public IEnumerable<LiveOffer> Offers(DateTimeOffset now) =>
        Current.Values.SelectMany(o => o.Offers).Where(o => o.SeatsFree > 0 && o.Offer.DepartLatest > now);

    internal void Replace(IEnumerable<OperatorLiveOffers> all)
    {
        Volatile.Write(ref _current, all.ToImmutableDictionary(o => o.OperatorId));
        Changed?.Invoke();
    }
}

/// <summary>Subscribes to the replicated dictionary and feeds <see cref="LiveOfferBoard"/>.</summary>
public sealed class LiveOfferSubscriber : ReceiveActor
{
    public LiveOfferSubscriber(LiveOfferBoard board)
    {
        Receive<Changed>(c => c.Key.Equals(LiveOfferReplication.Key), c =>
            board.Replace(c.Get(LiveOfferReplication.Key).Entries.Values));
    }

    public static Props PropsFor(LiveOfferBoard board) => Props.Create(() => new LiveOfferSubscriber(board));

    protected override void PreStart() => DistributedData.Get(Context.System).Replicator.Tell(Dsl.Subscribe(LiveOfferReplication.Key, Self));
}

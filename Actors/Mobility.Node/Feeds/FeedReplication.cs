using System.IO.Compression;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;

namespace Mobility.Node.Feeds;

/// <summary>Marker of what <see cref="FeedSerializer"/> writes: the feed values replicated with Distributed Data.</summary>
public interface IFeedReplicated;

/// <summary>A feed's poll state as the polling node last saw it, for every node's <c>GET /operators/{id}/feeds</c>.</summary>
public sealed record FeedStatusEntry(string SourceKey, PollStatus Status) : IFeedReplicated;

/// <summary>
/// The last good content of a feed, Brotli-compressed (every node holds a copy): a GTFS-RT message as fetched, or a GBFS
/// system's file texts as JSON; its SHA-256 (of the uncompressed bytes), uncompressed length and fetch time.
/// </summary>
public sealed record FeedContent(string SourceKey, byte[] Compressed, int Length, string Sha256, DateTimeOffset FetchedAt) : IFeedReplicated
{
    /// <summary>Largest compressed content shared with the cluster: it must fit one remoting frame (see <see cref="FeedActorsSetup"/>).</summary>
    public const int MaxCompressedBytes = 2 << 20;

    public static FeedContent Of(PolledFeed source, byte[] bytes, string sha256, DateTimeOffset fetchedAt)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(bytes);
        }

        return new FeedContent(source.Key, output.ToArray(), bytes.Length, sha256, fetchedAt);
    }

    public byte[] Decompress()
    {
        var bytes = new byte[Length];
        using var brotli = new BrotliStream(new MemoryStream(Compressed), CompressionMode.Decompress);
        brotli.ReadExactly(bytes);
        return bytes;
    }
}

/// <summary>
/// How feeds reach every node: the set of feeds to poll (an OR-set any node adds to), the poll states (an LWW
/// dictionary) and one LWW register per GTFS-RT or GBFS feed with its last good content. The polling singleton is the single
/// writer of states and contents; it writes with <c>WriteAll</c>, which pushes a change to every node at once.
/// </summary>
public static class FeedReplication
{
    public static readonly ORSetKey<string> Sources = new("feed-sources");

    public static readonly LWWDictionaryKey<string, FeedStatusEntry> Statuses = new("feed-status");

    /// <summary>How long a write waits for every node; unreachable nodes still get it by gossip.</summary>
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(3);

    public static LWWRegisterKey<FeedContent> ContentKey(PolledFeed source) => new("feed-content-" + source.ShortId);

    public static void Register(ActorSystem system, PolledFeed source)
    {
        var cluster = Cluster.Get(system);
        DistributedData.Get(system).Replicator.Tell(Dsl.Update(
            Sources, ORSet<string>.Empty, new WriteAll(WriteTimeout), set => set.Contains(source.Key) ? set : set.Add(cluster, source.Key)));
    }

    /// <summary>
    /// Removes a feed from the polled set and its poll state: the singleton stops polling it and every node drops its
    /// content (vehicles, realtime messages). A concurrent register of the same key wins (OR-set: add wins), which only
    /// the owner could send.
    /// </summary>
    public static void Unregister(ActorSystem system, PolledFeed source)
    {
        var cluster = Cluster.Get(system);
        var replicator = DistributedData.Get(system).Replicator;
        replicator.Tell(Dsl.Update(Sources, ORSet<string>.Empty, new WriteAll(WriteTimeout), set => set.Remove(cluster, source.Key)));
        replicator.Tell(Dsl.Update(Statuses, LWWDictionary<string, FeedStatusEntry>.Empty, new WriteAll(WriteTimeout), d => d.Remove(cluster, source.Key)));
    }

    public static void PublishStatus(ActorSystem system, FeedStatusEntry entry)
    {
        var cluster = Cluster.Get(system);
        DistributedData.Get(system).Replicator.Tell(Dsl.Update(
            Statuses, LWWDictionary<string, FeedStatusEntry>.Empty, new WriteAll(WriteTimeout), d => d.SetItem(cluster, entry.SourceKey, entry)));
    }

    public static void PublishContent(ActorSystem system, PolledFeed source, FeedContent content)
    {
        var self = Cluster.Get(system).SelfUniqueAddress;
        DistributedData.Get(system).Replicator.Tell(Dsl.Update(
            ContentKey(source), new LWWRegister<FeedContent>(self, content), new WriteAll(WriteTimeout), r => r.WithValue(self, content)));
    }
}

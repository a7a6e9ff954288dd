using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Node.Feeds;

/// <summary>JSON of a GBFS system's files as the polling node shares them (feed name to text).</summary>
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class FeedContentJson : JsonSerializerContext;

/// <summary>
/// On every node: the GBFS systems polled by the cluster's feed singleton, rebuilt from the file texts it shares
/// (<see cref="FeedContent"/>) and validated again here, for this node's planner. A content that does not read keeps
/// the system's previous state. Staleness is judged at query time, as for folders.
/// </summary>
public sealed class ReplicatedGbfs(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, GbfsFeedState> _systems = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _unregistered = new(StringComparer.Ordinal);

    /// <summary>The shared form of a system's files: a JSON object by feed name, keys sorted, so equal files give equal bytes.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, string> files) =>
        JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal), FeedContentJson.Default.IReadOnlyDictionaryStringString);

    /// <summary>One state per polled system that read well at least once.</summary>
    public IEnumerable<GbfsFeedState> States => _systems.Values;

    /// <summary>The current snapshots of the GBFS systems an operator registered (polled feeds it owns).</summary>
    public IReadOnlyList<GbfsSnapshot> SystemsOf(string operatorId) =>
        [.. _systems.Where(kv => PolledFeed.TryParseKey(kv.Key, out var feed) && feed.Owner == operatorId)
            .Select(kv => kv.Value.Current).OfType<GbfsSnapshot>()];

    /// <summary>The operator that registered the polled feed of a GBFS system, or null when no operator did.</summary>
    public string? OwnerOf(string systemId)
    {
        foreach (var (key, state) in _systems)
        {
            if (state.Current?.System.SystemId == systemId && PolledFeed.TryParseKey(key, out var feed))
            {
                return feed.Owner;
            }
        }

        return null;
    }

    /// <summary>Forgets an unregistered feed's system: its vehicles leave the planner at once, and a read still in flight is not kept.</summary>
    public void Remove(string sourceKey)
    {
        _unregistered[sourceKey] = 0;
        _systems.TryRemove(sourceKey, out _);
    }

    /// <summary>A feed registered (again): its contents are read.</summary>
    public void Watch(string sourceKey) => _unregistered.TryRemove(sourceKey, out _);

    /// <summary>Reads a shared content; returns the problems when it is refused (the previous state stays).</summary>
    public async Task<string?> OfferAsync(FeedContent content, CancellationToken ct = default)
    {
        IReadOnlyDictionary<string, string>? files;
        try
        {
            files = JsonSerializer.Deserialize(content.Decompress(), FeedContentJson.Default.IReadOnlyDictionaryStringString);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or EndOfStreamException)
        {
            return e.Message;
        }

        if (files is null) return "no files";
        var state = new GbfsFeedState(new GbfsMemorySource(files, content.SourceKey), clock, GbfsReadOptions.AnyAge);
        var result = await state.RefreshAsync(ct).ConfigureAwait(false);
        if (!result.Succeeded) return string.Join("; ", result.Errors.Take(3));
        _systems[content.SourceKey] = state;
        if (_unregistered.ContainsKey(content.SourceKey))
        {
            _systems.TryRemove(content.SourceKey, out _); // Unregistered while it was read.
        }

        return null;
    }
}

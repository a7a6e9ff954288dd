using System.Collections.Concurrent;
using System.Collections.Immutable;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Node.Feeds;

/// <summary>
/// Reads through to the publisher and keeps the latest text of every file, so that the polling node can share exactly
/// what it validated with the other nodes (<see cref="GbfsMemorySource"/> reads it back there).
/// </summary>
public sealed class RecordingGbfsSource(IGbfsSource inner) : IGbfsSource
{
    private readonly ConcurrentDictionary<string, string> _latest = new(StringComparer.Ordinal);

    public string Location => inner.Location;

    /// <summary>The latest text of each file read so far, by feed name (<c>gbfs</c> for the discovery).</summary>
    public ImmutableSortedDictionary<string, string> Files => _latest.ToImmutableSortedDictionary(StringComparer.Ordinal);

    public async Task<string?> ReadDiscoveryAsync(CancellationToken cancellationToken) =>
        Keep("gbfs", await inner.ReadDiscoveryAsync(cancellationToken).ConfigureAwait(false));

    public async Task<string?> ReadFeedAsync(string name, Uri? url, CancellationToken cancellationToken) =>
        Keep(name, await inner.ReadFeedAsync(name, url, cancellationToken).ConfigureAwait(false));

    public IEnumerable<string> ExtraFeeds(IEnumerable<string> knownFeeds) => inner.ExtraFeeds(knownFeeds);

    private string? Keep(string name, string? text)
    {
        if (text is null) _latest.TryRemove(name, out _);
        else _latest[name] = text;
        return text;
    }
}

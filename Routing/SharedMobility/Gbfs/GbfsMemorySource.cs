namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// GBFS files already fetched, by feed name (<c>gbfs</c> for the discovery): what a cluster node reads when another
/// node polled the publisher and shared the texts. Files are found by name, like a folder; URLs are not followed.
/// </summary>
public sealed class GbfsMemorySource(IReadOnlyDictionary<string, string> files, string location) : IGbfsSource
{
    public string Location { get; } = location;

    public Task<string?> ReadDiscoveryAsync(CancellationToken cancellationToken) => Task.FromResult(files.GetValueOrDefault("gbfs"));

    public Task<string?> ReadFeedAsync(string name, Uri? url, CancellationToken cancellationToken) => Task.FromResult(files.GetValueOrDefault(name));

    public IEnumerable<string> ExtraFeeds(IEnumerable<string> knownFeeds) => knownFeeds.Where(files.ContainsKey);
}

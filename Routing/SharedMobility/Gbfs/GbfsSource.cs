using System.Net.Http.Headers;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>Where GBFS files come from: a folder or an HTTP discovery URL.</summary>
public interface IGbfsSource
{
    /// <summary>For messages: the folder or the URL.</summary>
    string Location { get; }

    /// <summary>The discovery file (gbfs.json) text, or null when the source has none.</summary>
    Task<string?> ReadDiscoveryAsync(CancellationToken cancellationToken);

    /// <summary>A feed's text, or null when absent; <paramref name="url"/> is the discovery's URL for it, if any.</summary>
    Task<string?> ReadFeedAsync(string name, Uri? url, CancellationToken cancellationToken);

    /// <summary>Feeds to read beyond those the discovery lists (a folder offers every file it holds).</summary>
    IEnumerable<string> ExtraFeeds(IEnumerable<string> knownFeeds);
}

/// <summary>
/// A folder holding <c>gbfs.json</c> and <c>{feed}.json</c> files. Feed URLs in the discovery are ignored (they name the
/// publisher's server); files are found by feed name, and known feeds present in the folder are read even when the
/// discovery does not list them.
/// </summary>
public sealed class GbfsFolderSource(string directory) : IGbfsSource
{
    public string Location { get; } = Path.GetFullPath(directory);

    public Task<string?> ReadDiscoveryAsync(CancellationToken cancellationToken) => Read("gbfs", cancellationToken);

    public Task<string?> ReadFeedAsync(string name, Uri? url, CancellationToken cancellationToken) => Read(name, cancellationToken);

    public IEnumerable<string> ExtraFeeds(IEnumerable<string> knownFeeds) =>
        knownFeeds.Where(n => File.Exists(Path.Combine(Location, n + ".json")));

    private async Task<string?> Read(string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Location, name + ".json");
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return null;
        }

        if (info.Length > GbfsReader.MaxFileBytes)
        {
            throw new GbfsFormatException(name + ".json", "$", $"file of {info.Length} bytes exceeds the {GbfsReader.MaxFileBytes}-byte limit");
        }

        return await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// A publisher's discovery URL (gbfs.json); each feed is fetched from the URL the discovery gives. Responses are
/// bounded in size; a 404 means the feed is absent, other failures are reported as problems of that file.
/// </summary>
public sealed class GbfsHttpSource(HttpClient http, Uri discoveryUrl) : IGbfsSource
{
    public string Location => discoveryUrl.ToString();

    // The discovery URL is the feed itself: a 404 there is the answer to report, not an absent optional file (which
    // used to surface later as "system_information is required").
    public Task<string?> ReadDiscoveryAsync(CancellationToken cancellationToken) => Get("gbfs", discoveryUrl, cancellationToken, notFoundIsError: true);

    public Task<string?> ReadFeedAsync(string name, Uri? url, CancellationToken cancellationToken) =>
        url is null ? Task.FromResult<string?>(null) : Get(name, url, cancellationToken);

    public IEnumerable<string> ExtraFeeds(IEnumerable<string> knownFeeds) => [];

    private async Task<string?> Get(string name, Uri url, CancellationToken cancellationToken, bool notFoundIsError = false)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new GbfsFormatException(name + ".json", "url", $"'{url}' is not an http(s) URL");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound && !notFoundIsError)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new GbfsFormatException(name + ".json", "$", $"HTTP {(int)response.StatusCode} from {url}");
        }

        if (response.Content.Headers.ContentLength > GbfsReader.MaxFileBytes)
        {
            throw new GbfsFormatException(name + ".json", "$", $"response of {response.Content.Headers.ContentLength} bytes exceeds the limit");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81_920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > GbfsReader.MaxFileBytes)
            {
                throw new GbfsFormatException(name + ".json", "$", $"response exceeds the {GbfsReader.MaxFileBytes}-byte limit");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}

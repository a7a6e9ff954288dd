using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

public sealed class GbfsHttpSourceTests
{
    /// <summary>Serves a fixture folder over a fake HTTP host, with a discovery that points at it.</summary>
    private sealed class FolderHandler(string folder, string? failFeed = null) : HttpMessageHandler
    {
        public List<string> Requested { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var name = Path.GetFileNameWithoutExtension(request.RequestUri!.AbsolutePath);
            Requested.Add(name);
            if (name == failFeed)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
            }

            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            var text = File.ReadAllText(path);
            if (name == "gbfs")
            {
                var doc = JsonNode.Parse(text)!;
                foreach (var feed in doc["data"]!["nb"]!["feeds"]!.AsArray())
                {
                    feed!["url"] = $"https://gbfs.test/{feed["name"]}.json";
                }

                text = doc.ToJsonString();
            }

            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public async Task Http_source_reads_the_feeds_the_discovery_lists()
    {
        using var handler = new FolderHandler(GbfsFixtures.Folder("lillestrom-bysykkel-v2.2"));
        using var http = new HttpClient(handler);
        var source = new GbfsHttpSource(http, new Uri("https://gbfs.test/gbfs.json"));
        var result = await GbfsReader.ReadAsync(source, new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit, TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(6, result.Snapshot!.Stations.Length);
        Assert.Contains("station_status", handler.Requested);
        Assert.DoesNotContain("free_bike_status", handler.Requested);
    }

    [Fact]
    public async Task Http_failure_of_one_feed_rejects_the_load_with_its_name()
    {
        using var handler = new FolderHandler(GbfsFixtures.Folder("lillestrom-bysykkel-v2.2"), failFeed: "station_status");
        using var http = new HttpClient(handler);
        var result = await GbfsReader.ReadAsync(new GbfsHttpSource(http, new Uri("https://gbfs.test/gbfs.json")), new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit, TestContext.Current.CancellationToken);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, p => p.File == "station_status.json" && p.Message.Contains("500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_discovery_url_answering_404_is_reported_as_404()
    {
        using var handler = new FolderHandler(GbfsFixtures.Folder("lillestrom-bysykkel-v2.2"));
        using var http = new HttpClient(handler);
        var result = await GbfsReader.ReadAsync(new GbfsHttpSource(http, new Uri("https://gbfs.test/no-such-feed.json")), new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit, TestContext.Current.CancellationToken);
        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors, p => p.Message.Contains("HTTP 404", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, p => p.Message.Contains("system_information is required", StringComparison.Ordinal));
    }
}

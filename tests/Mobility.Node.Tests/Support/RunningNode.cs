using System.Net.Http.Json;
using Mobility.Node.Hosting;

namespace Mobility.Node.Tests.Support;

/// <summary>A real node in this process: Kestrel on a free loopback port, Akka on a free port, its own data folder.</summary>
internal sealed class RunningNode : IAsyncDisposable
{
    private readonly NodeHost _host;
    private int _disposed;

    private RunningNode(NodeHost host, StringWriter output)
    {
        _host = host;
        Output = output;
        Http = new HttpClient { BaseAddress = host.HttpAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public StringWriter Output { get; }

    public NodeHost Host => _host;

    /// <summary>Settings every test node needs (free ports, the given data folder, a tiny GTFS feed), plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string?> Settings(string dataFolder, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Mobility:Http:Url"] = "http://127.0.0.1:0",
            ["Mobility:Cluster:Port"] = "0",
            ["Mobility:DataFolder"] = dataFolder,
            ["Mobility:City:Gtfs:0"] = TinyFeeds.GtfsZip(),
            ["Mobility:Auth:ApiKeys"] = TestKeys.Setting,
            ["Mobility:Carpool:Territory"] = "terr-a",
            // Every test client is 127.0.0.1: per-IP limits off unless a test sets them (RateLimitTests).
            ["Mobility:RateLimits:PlanPerMinute"] = "0",
            ["Mobility:RateLimits:AccountsPerMinute"] = "0",
            // Fixture feed servers listen on 127.0.0.1 (FeedTargetTests turns this off).
            ["Mobility:Feeds:AllowPrivateTargets"] = "true",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        return settings;
    }

    public static async Task<RunningNode> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var output = new StringWriter();
        var host = await NodeHost.StartAsync(settings, new NodeConsole(output, output), TestContext.Current.CancellationToken);
        return new RunningNode(host, output);
    }

    /// <summary>Polls /health/ready until 200; fails with the last answer after 60 s.</summary>
    public async Task<string> WaitReadyAsync()
    {
        var last = string.Empty;
        for (var i = 0; i < 300; i++)
        {
            using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
            last = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return last;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException("The node never became ready: " + last);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body) =>
        Http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, TestContext.Current.CancellationToken);

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);

    /// <summary>From now on <see cref="Http"/> sends a token of this operator or authority.</summary>
    public async Task AuthenticateAsync(string role, string tenant) =>
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await TestKeys.TokenAsync(Http, role, tenant));

    /// <summary>A client of this node holding an operator's or authority's token (from its test API key).</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string tenant) => Http.With(await TestKeys.TokenAsync(Http, role, tenant));

    /// <summary>Stops the node gracefully (it leaves its cluster); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Http.Dispose();
        await _host.StopAsync(CancellationToken.None);
        await _host.DisposeAsync();
    }
}

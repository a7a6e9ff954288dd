using System.Net;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>Browser pages of configured origins may call the API; any other origin gets no CORS grant.</summary>
public sealed class CorsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Only_configured_origins_are_granted_and_none_by_default()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Http:CorsOrigins"] = "https://app.example.org, http://localhost:5173" }));
        await node.WaitReadyAsync();

        foreach (var (origin, granted) in new[] { ("https://app.example.org", true), ("http://localhost:5173", true), ("https://evil.example.org", false), ("https://app.example.org.evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri("/operators", UriKind.Relative));
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,idempotency-key");
            using var response = await node.Http.SendAsync(preflight, Ct);
            var allowed = response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
            Assert.Equal(granted ? origin : null, allowed);
        }

        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri("/health/live", UriKind.Relative));
        get.Headers.Add("Origin", "https://app.example.org");
        using var answer = await node.Http.SendAsync(get, Ct);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("https://app.example.org", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task A_malformed_origin_setting_stops_the_node_with_one_line()
    {
        using var data = new TempFolder();
        var e = await Assert.ThrowsAsync<Mobility.Node.Configuration.StartupException>(async () =>
        {
            await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Http:CorsOrigins"] = "https://app.example.org/path" }));
        });
        Assert.Equal("Mobility:Http:CorsOrigins", e.Setting);
    }
}

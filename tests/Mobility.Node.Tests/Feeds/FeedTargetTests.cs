using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Mobility.Node.Feeds;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Feeds;

/// <summary>An operator's feed URL cannot make the node reach its loopback, the private network or cloud metadata.</summary>
public sealed class FeedTargetTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("127.8.9.10", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.16.0.1", false)]
    [InlineData("172.31.255.255", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("::ffff:10.0.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("8.8.8.8", true)]
    [InlineData("2001:4860:4860::8888", true)]
    public void Only_public_unicast_addresses_are_feed_targets(string address, bool isPublic) =>
        Assert.Equal(isPublic, FeedTargets.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public async Task The_poll_client_never_connects_to_a_private_address_even_through_a_name()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var guarded = new HttpClient(FeedTargets.Handler(allowPrivate: false)) { Timeout = TimeSpan.FromSeconds(5) };

        foreach (var url in new[] { $"http://127.0.0.1:{port}/gbfs.json", $"http://localhost:{port}/gbfs.json" })
        {
            var e = await Assert.ThrowsAsync<HttpRequestException>(() => guarded.GetAsync(new Uri(url), Ct));
            Assert.Contains("not a public address", e.Message, StringComparison.Ordinal);
        }

        Assert.False(listener.Pending(), "nothing reached the private listener");

        // The same client with the setting on reaches it (the local demo's case).
        using var open = new HttpClient(FeedTargets.Handler(allowPrivate: true)) { Timeout = TimeSpan.FromSeconds(5) };
        var request = open.GetAsync(new Uri($"http://127.0.0.1:{port}/gbfs.json"), Ct);
        using var accepted = await listener.AcceptTcpClientAsync(Ct);
        Assert.True(accepted.Connected);
        accepted.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => request);
    }

    [Fact]
    public async Task Registering_a_private_feed_url_is_refused_and_changes_nothing()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Feeds:AllowPrivateTargets"] = "false" }));
        await node.WaitReadyAsync();
        using var op = await node.ClientAsAsync(Roles.Operator, "op-a");
        (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Pool A" }, Ct)).EnsureSuccessStatusCode();

        foreach (var url in new[] { "http://127.0.0.1:5432/", "http://localhost/admin", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.7/gbfs.json", "http://[::1]:8080/rt.pb", "http://[fd00::5]/gbfs.json" })
        {
            using var refused = await op.PostAsJsonAsync(new Uri("/operators/op-a/feeds", UriKind.Relative), new { kind = "gbfs", url }, Ct);
            var text = await refused.Content.ReadAsStringAsync(Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"{url}: {text}");
            Assert.Contains("public address", text, StringComparison.Ordinal);
        }

        var feeds = await op.GetFromJsonAsync<System.Text.Json.JsonElement>(new Uri("/operators/op-a/feeds", UriKind.Relative), Ct);
        Assert.Empty(feeds.GetProperty("sources").EnumerateArray());
    }
}

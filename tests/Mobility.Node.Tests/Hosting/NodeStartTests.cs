using System.Net;
using System.Text.Json;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Hosting;

public sealed class NodeStartTests
{
    [Fact]
    public async Task Node_answers_health_openapi_and_reference_over_real_http_on_a_free_port()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path));

        Assert.NotEqual(0, node.Host.HttpAddress.Port);
        using (var live = await node.GetAsync("/health/live"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var ready = JsonDocument.Parse(await node.WaitReadyAsync()).RootElement;
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "cluster", "persistence", "city" })
        {
            Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
        }

        Assert.Contains("3 stops, 2 trips, 6 stop times", ready.GetProperty("checks").GetProperty("city").GetProperty("description").GetString(), StringComparison.Ordinal);

        var openApi = JsonDocument.Parse(await (await node.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/operators/{id}", out _));
        var book = openApi.GetProperty("paths").GetProperty("/trips").GetProperty("post");
        var idempotency = book.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
        Assert.Equal("header", idempotency.GetProperty("in").GetString());
        Assert.True(idempotency.GetProperty("required").GetBoolean());
        foreach (var code in new[] { "201", "200", "400", "409", "422", "503" })
        {
            Assert.True(book.GetProperty("responses").TryGetProperty(code, out _), $"POST /trips documents {code}");
        }
        using var scalar = await node.GetAsync("/scalar/");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);

        var banner = node.Output.ToString();
        Assert.Contains(node.Host.HttpAddress.ToString().TrimEnd('/'), banner, StringComparison.Ordinal);
        Assert.Contains(data.Path, banner, StringComparison.Ordinal);
        Assert.Contains("tiny.gtfs.zip", banner, StringComparison.Ordinal);
        Assert.Contains("Ready.", banner, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_no_feeds_the_node_generates_the_demo_city_once_and_reuses_it()
    {
        using var data = new TempFolder();
        var settings = RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:City:DemoSize"] = "village", ["Mobility:City:DemoSeed"] = "7" });
        settings.Remove("Mobility:City:Gtfs:0");

        for (var run = 0; run < 2; run++)
        {
            await using var node = await RunningNode.StartAsync(settings);
            var ready = await node.WaitReadyAsync();
            Assert.Contains(run == 0 ? "seed 7, generated" : "seed 7, reused", ready, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(data.Path, "city", "village-7", "gtfs.zip")));
            Assert.Contains("GBFS", node.Output.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_broken_city_feed_stops_the_running_node_with_one_line_and_exit_code_3()
    {
        using var data = new TempFolder();
        var notGtfs = data.File("not-gtfs.zip");
        TinyFeeds.WriteGtfsZip(new Dictionary<string, string> { ["agency.txt"] = "agency_id\nA\n" }, notGtfs);
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:City:Gtfs:0"] = notGtfs }));

        await node.Host.WaitForShutdownAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(3, node.Host.Console.ExitCode);
        var line = Assert.Single(node.Output.ToString().Split('\n'), l => l.StartsWith("mobility: ", StringComparison.Ordinal));
        Assert.Contains("Mobility:City:Gtfs:0", line, StringComparison.Ordinal);
        Assert.Contains("missing stops.txt", line, StringComparison.Ordinal);
    }
}

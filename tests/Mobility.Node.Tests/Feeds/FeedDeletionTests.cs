using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Feeds;

/// <summary>
/// An operator unregisters its polled GBFS feed: the cluster stops polling it and its system leaves the planner
/// (<c>/plan/area</c> and the live vehicles a shared-vehicle hold is checked against). Another operator can neither
/// delete it through the owner's route (403) nor through its own (404: it has no such feed).
/// </summary>
public sealed class FeedDeletionTests(VillageNode village) : IClassFixture<VillageNode>, IAsyncLifetime
{
    private const string System = "op-a-bikes";
    private WebApplication _server = null!;
    private Uri _gbfs = null!;
    private int _polls;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var folder = Directory.GetDirectories(village.CityFolder, "gbfs*").OrderBy(d => d.Length).First();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/gbfs/{name}.json", (string name) =>
        {
            var path = Path.Combine(folder, name + ".json");
            if (!File.Exists(path))
            {
                return Results.NotFound();
            }

            var doc = JsonNode.Parse(File.ReadAllText(path))!;
            doc["last_updated"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(); // Always fresh: the planner keeps fresh systems only.
            if (name == "gbfs")
            {
                Interlocked.Increment(ref _polls);
                foreach (var language in doc["data"]!.AsObject())
                {
                    foreach (var feed in language.Value!["feeds"]!.AsArray())
                    {
                        feed!["url"] = new Uri(_gbfs, $"{feed["name"]}.json").AbsoluteUri;
                    }
                }
            }
            else if (name == "system_information")
            {
                doc["data"]!["system_id"] = System; // Another system than the village's own, at the same stations.
            }

            return Results.Text(doc.ToJsonString(), "application/json");
        });
        await _server.StartAsync(Ct);
        var address = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _gbfs = new Uri(new Uri(address), "/gbfs/gbfs.json");
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task An_operator_deletes_its_polled_feed_and_its_vehicles_leave_the_planner_while_another_operator_cannot()
    {
        var node = village.Node;
        using var owner = await node.ClientAsAsync(Roles.Operator, "op-a");
        using var other = await node.ClientAsAsync(Roles.Operator, "op-b");
        await owner.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Bikes A" }, Ct);
        await other.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-b", name = "Bikes B" }, Ct);
        using (var registered = await owner.PostAsJsonAsync(new Uri("/operators/op-a/feeds", UriKind.Relative), new { kind = "gbfs", url = _gbfs.AbsoluteUri }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        }

        await UntilAsync(async () => (await SystemsAsync()).Contains(System), "the registered system reaches the planner");
        var query = $"/operators/op-a/feeds?kind=gbfs&url={Uri.EscapeDataString(_gbfs.AbsoluteUri)}";

        // Not the other operator: not through the owner's route, not through its own.
        using (var forbidden = await other.DeleteAsync(new Uri(query, UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var notTheirs = await other.DeleteAsync(new Uri(query.Replace("op-a", "op-b", StringComparison.Ordinal), UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        using (var badKind = await owner.DeleteAsync(new Uri(query.Replace("kind=gbfs", "kind=gtfs", StringComparison.Ordinal), UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badKind.StatusCode);
        }

        await Task.Delay(500, Ct);
        Assert.Contains(System, await SystemsAsync());

        // The owner deletes it: gone from its feeds at once, from the planner within seconds, and no longer polled.
        using (var deleted = await owner.DeleteAsync(new Uri(query, UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            var body = await deleted.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal(0, body.GetProperty("sources").GetArrayLength());
        }

        await UntilAsync(async () => !(await SystemsAsync()).Contains(System), "the deleted system leaves the planner");
        Assert.Contains(await SystemsAsync(), s => s != System); // The village's own system stays.
        var polls = Volatile.Read(ref _polls);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal(polls, Volatile.Read(ref _polls));

        var feeds = await owner.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-a/feeds", UriKind.Relative), Ct);
        Assert.Equal(0, feeds.GetProperty("sources").GetArrayLength());
        using var again = await owner.DeleteAsync(new Uri(query, UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    private async Task<List<string>> SystemsAsync()
    {
        var area = await village.Node.Http.GetFromJsonAsync<JsonElement>(new Uri("/plan/area", UriKind.Relative), Ct);
        return [.. area.GetProperty("sharedSystems").EnumerateArray().Select(s => s.GetProperty("systemId").GetString()!)];
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("never: " + what);
    }
}

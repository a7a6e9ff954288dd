using System.Net;
using System.Net.Http.Json;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// A journey's attribution is decided once, at its acceptance: a later edit of a territory's area does not move it,
/// and a restarted node (its log index rebuilt from the leaves, the attributions read back from the journal) lists
/// each authority the same journeys as before.
/// </summary>
public sealed class TerritoryAttributionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_edited_area_moves_no_journey_accepted_before_it_even_after_a_restart()
    {
        using var data = new TempFolder();
        var before = $"jp{Guid.NewGuid():N}";
        var after = $"jq{Guid.NewGuid():N}";
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
        {
            await node.WaitReadyAsync();
            await RegisterAsync(node, "terr-a", 4.70, 4.88, HttpStatusCode.Created);
            await RegisterAsync(node, "terr-b", 4.90, 5.05, HttpStatusCode.Created);
            using var traffic = await CarpoolTraffic.StartAsync(node.Http, "op-a");
            await DeclareAsync(traffic, before);

            // terr-b now reaches west over terr-a: the same trip, declared again, is both territories'; the first is not moved.
            await RegisterAsync(node, "terr-b", 4.70, 5.05, HttpStatusCode.OK);
            await DeclareAsync(traffic, after);
            await AssertSeenAsync(node, "terr-b", seen: after, unseen: before);
        }

        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
        {
            await node.WaitReadyAsync();
            await AssertSeenAsync(node, "terr-b", seen: after, unseen: before);
            using var authority = node.Http.With(await TestKeys.TokenAsync(node.Http, Roles.Authority, "terr-a"));
            var list = await ListAsync(authority);
            Assert.Contains($"\"{before}\"", list, StringComparison.Ordinal);
            Assert.Contains($"\"{after}\"", list, StringComparison.Ordinal);
        }
    }

    private static async Task RegisterAsync(RunningNode node, string code, double lon0, double lon1, HttpStatusCode expected)
    {
        using var platform = node.Http.With(await TestKeys.TokenAsync(node.Http, Roles.Platform, TestKeys.Platforms[0]));
        using var response = await platform.PostAsJsonAsync(new Uri("/platform/territories", UriKind.Relative), new { code, name = code, geometry = TerritoryNode.Area(lon0, lon1) }, Ct);
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task DeclareAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, string id)
    {
        var start = DateTimeOffset.UtcNow.AddHours(-2);
        var d = SyntheticCarpools.Declare(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), id, "t" + id,
            new TimeGeoPoint(start, 45.76, 4.83), new TimeGeoPoint(start.AddMinutes(15), 45.76, 4.73), 10_100, ProofClass.C);
        using var response = await traffic.DeclareAsync(d, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task AssertSeenAsync(RunningNode node, string territory, string seen, string unseen)
    {
        using var authority = node.Http.With(await TestKeys.TokenAsync(node.Http, Roles.Authority, territory));
        var list = await ListAsync(authority);
        Assert.Contains($"\"{seen}\"", list, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"{unseen}\"", list, StringComparison.Ordinal);
        using var hidden = await authority.GetAsync(new Uri($"/authority/journeys/op-a/{unseen}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }

    /// <summary>The authority's list; a node just started answers 503 until its index knows every attribution.</summary>
    private static async Task<string> ListAsync(HttpClient authority)
    {
        for (var i = 0; ; i++)
        {
            using var response = await authority.GetAsync(new Uri("/authority/journeys?limit=500", UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || i == 100)
            {
                Assert.True(response.StatusCode == HttpStatusCode.OK, body);
                return body;
            }

            await Task.Delay(200, Ct);
        }
    }
}

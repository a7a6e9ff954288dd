using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Several territories on one node: journeys attributed by where they start and end, each territory's campaign
/// counting its own journeys (a crossing journey in both), each authority listing its own; territories refused with
/// a JSON path. Wrong-territory access: <c>Security/AccessControlTests.cs</c>, <c>WrongTerritoryAccessTests</c>.
/// </summary>
public sealed class TerritoryEndpointTests(TerritoryNode node) : IClassFixture<TerritoryNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string[] Territories(JsonNode journey) => [.. journey["territories"]!.AsArray().Select(t => (string)t!)];

    [Fact]
    public void A_journey_is_attributed_to_every_territory_containing_its_start_or_end_at_acceptance()
    {
        Assert.Equal(["terr-a"], Territories(node.Journeys[node.OnlyA].Answer["journey"]!));
        Assert.Equal(["terr-a", "terr-b"], Territories(node.Journeys[node.Crossing].Answer["journey"]!));
        Assert.Equal(["terr-b"], Territories(node.Journeys[node.OnlyB].Answer["journey"]!));
    }

    [Fact]
    public async Task A_crossing_journey_is_read_by_both_authorities_and_each_lists_only_its_own()
    {
        foreach (var (territory, mine, theirs) in new[] { ("terr-a", node.OnlyA, node.OnlyB), ("terr-b", node.OnlyB, node.OnlyA) })
        {
            using var authority = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, territory));
            using var crossing = await authority.GetAsync(new Uri($"/authority/journeys/{TerritoryNode.Operator}/{node.Crossing}", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, crossing.StatusCode);
            var list = await authority.GetStringAsync(new Uri("/authority/journeys?limit=500", UriKind.Relative), Ct);
            Assert.Contains($"\"{mine}\"", list, StringComparison.Ordinal);
            Assert.Contains($"\"{node.Crossing}\"", list, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"{theirs}\"", list, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Each_territorys_campaign_pays_its_journeys_and_the_crossing_one_never_the_other_territorys()
    {
        foreach (var (territory, campaign, paid, unpaid) in new[]
                 {
                     ("terr-a", TerritoryNode.CampaignA, new[] { node.OnlyA, node.Crossing }, node.OnlyB),
                     ("terr-b", TerritoryNode.CampaignB, new[] { node.Crossing, node.OnlyB }, node.OnlyA),
                 })
        {
            using var authority = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, territory));
            JsonNode overview = null!;
            for (var i = 0; i < 150; i++) // counted asynchronously (pub-sub and the journal feed)
            {
                overview = JsonNode.Parse(await authority.GetStringAsync(new Uri($"/authority/{territory}/campaigns/{campaign}", UriKind.Relative), Ct))!;
                if ((int)overview["journeys"]! >= 2)
                {
                    break;
                }

                await Task.Delay(200, Ct);
            }

            Assert.Equal(2, (int)overview["journeys"]!);
            Assert.Equal(200, (long)overview["paid_cents"]!);
            foreach (var id in paid)
            {
                Assert.Contains(id, await StatementAsync(authority, territory, campaign, node.Journeys[id].Driver), StringComparison.Ordinal);
            }

            Assert.DoesNotContain(unpaid, await StatementAsync(authority, territory, campaign, node.Journeys[unpaid].Driver), StringComparison.Ordinal);
        }
    }

    private static async Task<string> StatementAsync(HttpClient authority, string territory, string campaign, string driver)
    {
        using var response = await authority.GetAsync(new Uri($"/authority/{territory}/campaigns/{campaign}/statements/{driver}/{DateTimeOffset.UtcNow.AddHours(-2).Year}", UriKind.Relative), Ct);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    [Fact]
    public async Task A_malformed_territory_is_refused_at_its_json_path_and_the_registered_one_is_unchanged()
    {
        using var platform = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Platform, TestKeys.Platforms[1]));
        var open = new { type = "Polygon", coordinates = new[] { new[] { new[] { 4.70, 45.70 }, new[] { 6.0, 45.70 }, new[] { 6.0, 46.0 }, new[] { 4.70, 46.0 } } } };
        using var refused = await platform.PostAsJsonAsync(new Uri("/platform/territories", UriKind.Relative), new { code = "terr-a", name = "TERR-A", geometry = open }, Ct);
        var body = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Ct))!;
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("not closed", (string)body["errors"]!["$.geometry.coordinates[0]"]![0]!, StringComparison.Ordinal);

        // The same registration again is a harmless 200; the area did not move.
        using var again = await platform.PostAsJsonAsync(new Uri("/platform/territories", UriKind.Relative), new { code = "terr-a", name = "TERR-A", geometry = TerritoryNode.Area(4.70, 4.88) }, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var listed = JsonNode.Parse(await node.Node.Http.GetStringAsync(new Uri("/territories", UriKind.Relative), Ct))!["territories"]!.AsArray();
        Assert.Equal(["terr-a", "terr-b"], listed.Select(t => (string)t!["code"]!));
        Assert.Equal(4.88, (double)listed[0]!["geometry"]!["coordinates"]![0]![1]![0]!);
    }

    [Fact]
    public async Task Only_the_platform_registers_territories()
    {
        using var authority = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, "terr-a"));
        using var response = await authority.PostAsJsonAsync(new Uri("/platform/territories", UriKind.Relative), new { code = "terr-c", name = "C", geometry = TerritoryNode.Area(5.1, 5.2) }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>The real feed: a journey declared over HTTP reaches an active campaign through the journey entity's publication.</summary>
public sealed class CampaignFeedTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _node.DisposeAsync();
        _data.Dispose();
    }

    [Fact]
    public async Task A_declared_journey_is_counted_by_an_active_campaign_and_a_cancellation_releases_it()
    {
        // Montpellier's rules without its territory, operator list and 2022 validity: any synthetic journey of op-a counts.
        var doc = JsonNode.Parse(CampaignLibrary.Bytes(CampaignLibrary.Montpellier2022))!.AsObject();
        doc["id"] = "everywhere";
        doc.Remove("territory");
        doc.Remove("zones");
        doc.Remove("operators");
        doc["validity"] = new JsonObject { ["start"] = "2020-01-01" };
        doc["distance_m"] = new JsonObject { ["min"] = 0 };
        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        using (var body = new StringContent(doc.ToJsonString()))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), body, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        }
        using (var activated = await authority.PostAsync(new Uri("/authority/terr-a/campaigns/everywhere/activate", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }

        using var traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a");
        var driver = await traffic.NewPersonAsync(Ct);
        var passenger = await traffic.NewPersonAsync(Ct);
        var d = traffic.Journey(traffic.Operators[0], driver, passenger, DateTimeOffset.UtcNow.AddHours(-2));
        using (var declared = await traffic.DeclareAsync(d, Ct))
        {
            Assert.True(declared.StatusCode == HttpStatusCode.Created, await declared.Content.ReadAsStringAsync(Ct));
        }

        var counted = await Eventually(authority, c => (int)c["journeys"]! == 1);
        Assert.True((long)counted["paid_cents"]! >= 100, counted.ToJsonString());

        using (var cancelled = await traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{d.Journey.OperatorJourneyId}/cancel", "op-a", new { reason = "rider no-show" }, Ct))
        {
            Assert.True(cancelled.IsSuccessStatusCode, await cancelled.Content.ReadAsStringAsync(Ct));
        }
        await Eventually(authority, c => (long)c["paid_cents"]! == 0);
    }

    private static async Task<JsonNode> Eventually(HttpClient authority, Func<JsonNode, bool> done)
    {
        var last = "";
        for (var i = 0; i < 100; i++)
        {
            last = await authority.GetStringAsync(new Uri("/authority/terr-a/campaigns/everywhere", UriKind.Relative), Ct);
            if (done(JsonNode.Parse(last)!))
            {
                return JsonNode.Parse(last)!;
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException("campaign never reached the expected state: " + last);
    }
}

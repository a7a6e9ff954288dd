using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Settlement;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// A campaign served by the cluster, over real HTTP on a running node: created from its document (refused with the
/// JSON path when invalid), simulated, activated, fed over the journey topic, revoked, settled (signed, anchored),
/// stated and exported; another territory sees nothing.
/// </summary>
public sealed class CampaignEndpointTests : IAsyncLifetime
{
    private const string Territory = "terr-a";
    private const string Campaign = CampaignLibrary.Montpellier2022;
    private const string Operator = "partner-operator";

    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private HttpClient _authority = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await _node.WaitReadyAsync();
        _authority = await _node.ClientAsAsync(Roles.Authority, Territory);
    }

    public async ValueTask DisposeAsync()
    {
        _authority.Dispose();
        await _node.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A 15 km journey from central Montpellier: 1.00 + 0.10 x 5 km = 1.50 per seat to the driver.</summary>
    private static CampaignJourney Journey(int i, string driver, int seats = 1) => new(
        $"j-{i}", Operator, ProofClass.C,
        new DateTimeOffset(2022, 3, 10, 7, 0, 0, TimeSpan.Zero).AddHours(i), new GeoPoint(43.61, 3.88),
        new DateTimeOffset(2022, 3, 10, 7, 30, 0, TimeSpan.Zero).AddHours(i), new GeoPoint(43.65, 3.95),
        15_000, seats, driver, $"passenger-{i}", true, JourneyStatus.Accepted, 100 + i);

    [Fact]
    public async Task A_campaign_is_created_fed_revoked_settled_and_hidden_from_other_territories()
    {
        // Invalid documents: 400 with the offending field's path, nothing created.
        var unknown = Encoding.UTF8.GetString(CampaignLibrary.Bytes(Campaign)).Replace("\"budget_cents\"", "\"budjet_cents\"", StringComparison.Ordinal);
        var refused = await Json(await Post("/authority/terr-a/campaigns", unknown), HttpStatusCode.BadRequest);
        Assert.Equal("$.budjet_cents", (string?)refused["errors"]![0]!["path"]);
        var negative = Encoding.UTF8.GetString(CampaignLibrary.Bytes(Campaign)).Replace("\"cents\": 100", "\"cents\": -100", StringComparison.Ordinal);
        refused = await Json(await Post("/authority/terr-a/campaigns", negative), HttpStatusCode.BadRequest);
        Assert.Contains("rules[0]", (string?)refused["errors"]![0]!["path"], StringComparison.Ordinal);
        await Json(await _authority.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}", UriKind.Relative), Ct), HttpStatusCode.NotFound);

        var created = await Json(await Post("/authority/terr-a/campaigns", CampaignLibrary.Bytes(Campaign)), HttpStatusCode.Created);
        Assert.Equal("draft", (string?)created["phase"]);
        await Json(await Post("/authority/terr-a/campaigns", CampaignLibrary.Bytes(Campaign)), HttpStatusCode.Conflict);

        // Journeys arrive on the topic the journey entities publish to; a draft campaign does not count them yet,
        // the what-if does (journeys known so far).
        var journeys = Enumerable.Range(0, 8).Select(i => Journey(i, i < 7 ? "driver-1" : "driver-2")).ToList();
        var simulated = await EventuallyAsync(async () =>
        {
            Publish(journeys.Select(j => new CampaignFeed.JourneyAccepted(j)));
            var s = await Json(await Post("/authority/terr-a/campaigns/simulate", CampaignLibrary.Bytes(Campaign)), HttpStatusCode.OK);
            return (int)s["journeys"]! == 8 ? s : null;
        });
        // driver-1 has 7 trips on one day: the 7th is cut by the 6-a-day limit; 7 x 150 cents are paid.
        Assert.Equal(7 * 150, (long)simulated["paid_cents"]!);
        Assert.Equal(0, (int)(await Json(await _authority.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}", UriKind.Relative), Ct), HttpStatusCode.OK))["journeys"]!);

        // Activation replays the journeys known so far; the incentives equal the what-if.
        Assert.Equal("active", (string?)(await Json(await Post($"/authority/terr-a/campaigns/{Campaign}/activate", ""), HttpStatusCode.OK))["phase"]);
        var counted = await EventuallyAsync(async () =>
        {
            var c = await Json(await _authority.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}", UriKind.Relative), Ct), HttpStatusCode.OK);
            return (int)c["journeys"]! == 8 ? c : null;
        });
        Assert.Equal(7 * 150, (long)counted["paid_cents"]!);

        // A new journey is counted incrementally; a revocation releases its award and the cut one is paid instead.
        Publish([new CampaignFeed.JourneyAccepted(Journey(8, "driver-3", seats: 2))]);
        await EventuallyAsync(async () => (long)(await Get($"/authority/terr-a/campaigns/{Campaign}"))["paid_cents"]! == 9 * 150 ? true : (bool?)null);
        Publish([new CampaignFeed.JourneyRevoked(Operator, "j-0", JourneyStatus.Flagged)]);
        await EventuallyAsync(async () => (int?)(await Get($"/authority/terr-a/campaigns/{Campaign}"))["ineligible"]!["NotAccepted"] == 1 ? true : (bool?)null);
        Assert.Equal(9 * 150, (long)(await Get($"/authority/terr-a/campaigns/{Campaign}"))["paid_cents"]!);

        // The settlement: canonical CSV lines per journey and rule; the JSON form signed with the platform key and anchored.
        var csv = await Text($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=csv");
        Assert.Contains("j-6", csv, StringComparison.Ordinal);
        var json = await Get($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=json");
        var again = await Get($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=json");
        Assert.Equal(json.ToJsonString(), again.ToJsonString()); // Anchored once: the same log index.
        var signature = Convert.FromBase64String((string)json["signature"]!["value"]!);
        var key = Convert.FromBase64String((string)json["signature"]!["public_key"]!);
        Assert.NotNull(json["signature"]!["log_index"]);
        Assert.True(SettlementVerifier.Verify(Encoding.UTF8.GetBytes(csv), signature, key));
        var tampered = Encoding.UTF8.GetBytes(csv.Replace("150", "151", StringComparison.Ordinal));
        Assert.False(SettlementVerifier.Verify(tampered, signature, key));
        await Json(await _authority.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-04/{Operator}", UriKind.Relative), Ct), HttpStatusCode.NotFound);
        Assert.Null(json["corrects"]);

        // The month is settled: a journey revoked since changes the settlement only as a logged correction that names
        // the settlement it replaces and the change of the total; asked again, the correction is answered byte for byte.
        Publish([new CampaignFeed.JourneyRevoked(Operator, "j-8", JourneyStatus.Flagged)]);
        await EventuallyAsync(async () => (long)(await Get($"/authority/terr-a/campaigns/{Campaign}"))["paid_cents"]! == 7 * 150 ? true : (bool?)null);
        var corrected = await Get($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=json");
        Assert.Equal((string?)json["signature"]!["canonical_sha256"], (string?)corrected["corrects"]!["canonical_sha256"]);
        Assert.Equal((long)json["signature"]!["log_index"]!, (long)corrected["corrects"]!["log_index"]!);
        Assert.Equal(-2 * 150, (long)corrected["corrects"]!["total_change_cents"]!);
        Assert.True((long)corrected["signature"]!["log_index"]! > (long)json["signature"]!["log_index"]!);
        Assert.Equal(corrected.ToJsonString(), (await Get($"/authority/terr-a/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=json")).ToJsonString());

        var statement = await Text($"/authority/terr-a/campaigns/{Campaign}/statements/driver-1/2022");
        Assert.Contains("j-6", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("j-8", statement, StringComparison.Ordinal);
        var openData = await Text($"/authority/terr-a/campaigns/{Campaign}/open-data");
        Assert.DoesNotContain("driver-1", openData, StringComparison.Ordinal);

        // Another territory, with its own valid token, sees none of it (404), and cannot create under terr-a (403).
        using var other = await _node.ClientAsAsync(Roles.Authority, "terr-b");
        foreach (var path in new[] { $"/authority/terr-b/campaigns/{Campaign}", $"/authority/terr-b/campaigns/{Campaign}/open-data",
                     $"/authority/terr-b/campaigns/{Campaign}/settlements/2022-03/{Operator}?format=csv", $"/authority/terr-b/campaigns/{Campaign}/statements/driver-1/2022" })
        {
            using var response = await other.GetAsync(new Uri(path, UriKind.Relative), Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("driver-1", body, StringComparison.Ordinal);
            Assert.DoesNotContain("j-6", body, StringComparison.Ordinal);
        }
        using (var response = await other.PostAsync(new Uri($"/authority/terr-b/campaigns/{Campaign}/close", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        using (var response = await other.GetAsync(new Uri($"/authority/terr-a/campaigns/{Campaign}", UriKind.Relative), Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        // Closed: later journeys are not counted.
        Assert.Equal("closed", (string?)(await Json(await Post($"/authority/terr-a/campaigns/{Campaign}/close", ""), HttpStatusCode.OK))["phase"]);
        Publish([new CampaignFeed.JourneyAccepted(Journey(9, "driver-4"))]);
        await Json(await Post($"/authority/terr-a/campaigns/{Campaign}/activate", ""), HttpStatusCode.Conflict);
        await Task.Delay(500, Ct);
        Assert.Equal(9, (int)(await Get($"/authority/terr-a/campaigns/{Campaign}"))["journeys"]!);
    }

    [Fact]
    public async Task A_traveler_without_a_carpool_identity_has_no_incentives()
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        using var traveler = _node.Http.With(token);
        var body = await Json(await traveler.GetAsync(new Uri("/v3/me/incentives", UriKind.Relative), Ct), HttpStatusCode.OK);
        Assert.Empty(body["campaigns"]!.AsArray());
    }

    private void Publish(IEnumerable<object> messages)
    {
        var mediator = DistributedPubSub.Get(_node.Host.Services.GetRequiredService<ActorSystem>()).Mediator;
        foreach (var m in messages)
        {
            mediator.Tell(new Publish(CampaignFeed.Topic, m));
        }
    }

    /// <summary>Retries until <paramref name="attempt"/> gives a value: the feed is asynchronous (and the topic's subscription too).</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> attempt)
        where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (await attempt() is { } value)
            {
                return value;
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException("never reached the expected state");
    }

    private static async Task<bool> EventuallyAsync(Func<Task<bool?>> attempt)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await attempt() is true)
            {
                return true;
            }
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException("never reached the expected state");
    }

    private Task<HttpResponseMessage> Post(string path, string body) => Post(path, Encoding.UTF8.GetBytes(body));

    private Task<HttpResponseMessage> Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return _authority.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
    }

    private async Task<JsonNode> Get(string path) => await Json(await _authority.GetAsync(new Uri(path, UriKind.Relative), Ct), HttpStatusCode.OK);

    private async Task<string> Text(string path)
    {
        using var response = await _authority.GetAsync(new Uri(path, UriKind.Relative), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(expected == response.StatusCode, $"{expected} expected, got {(int)response.StatusCode}: {body}");
            return JsonNode.Parse(body)!;
        }
    }
}

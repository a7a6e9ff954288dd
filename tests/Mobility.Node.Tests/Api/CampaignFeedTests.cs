using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// The real feed: a journey declared over HTTP reaches an active campaign through the journey entity's publication, and,
/// when that publication is lost in a crash, through the journal events the directory reads with a stored offset.
/// </summary>
public sealed class CampaignFeedTests : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;
    private Dictionary<string, string?> _settings = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _settings = RunningNode.Settings(_data.Path);
        _node = await RunningNode.StartAsync(_settings);
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
        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        await CreateEverywhereCampaignAsync(authority);

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

    /// <summary>
    /// Issue 12 part 3: journeys acknowledged (201) whose pub-sub publication never reached the campaigns (a SIGKILL
    /// between the journey's persist and the directory's): simulated on a stopped node by deleting what the directory
    /// and the campaign recorded of them (their "journeys counted" events and the directory's feed offset). After a
    /// restart every acknowledged journey is counted, once, from the tagged journal.
    /// </summary>
    [Fact]
    public async Task Journeys_whose_publication_was_lost_in_a_crash_are_counted_once_after_a_restart()
    {
        using (var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a"))
        {
            await CreateEverywhereCampaignAsync(authority);
        }

        const int journeys = 6;
        using (var traffic = await CarpoolTraffic.StartAsync(_node.Http, "op-a"))
        {
            for (var i = 0; i < journeys; i++)
            {
                var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2 - i));
                using var declared = await traffic.DeclareAsync(d, Ct);
                Assert.True(declared.StatusCode == HttpStatusCode.Created, await declared.Content.ReadAsStringAsync(Ct));
            }
        }

        long paid;
        using (var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a"))
        {
            paid = (long)(await Eventually(authority, c => (int)c["journeys"]! == journeys))["paid_cents"]!;
        }

        var settings = _settings;
        await _node.DisposeAsync();
        Assert.True(ForgetCounting(settings) >= 2, "the directory and the campaign had recorded the journeys");

        _node = await RunningNode.StartAsync(settings);
        await _node.WaitReadyAsync();
        using var again = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        var counted = await Eventually(again, c => (int)c["journeys"]! == journeys);
        Assert.Equal(paid, (long)counted["paid_cents"]!);

        // Counted once: the journal feed and any replay agree, nothing twice.
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        var settled = JsonNode.Parse(await again.GetStringAsync(new Uri("/authority/terr-a/campaigns/everywhere", UriKind.Relative), Ct))!;
        Assert.Equal(journeys, (int)settled["journeys"]!);
        Assert.Equal(paid, (long)settled["paid_cents"]!);
    }

    /// <summary>Deletes, from the stopped node's SQLite journal, what the campaigns recorded of the journeys.</summary>
    private static int ForgetCounting(IReadOnlyDictionary<string, string?> settings)
    {
        var file = Path.Combine(settings["Mobility:DataFolder"]!, "mobility.db");
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            DELETE FROM journal WHERE persistence_id LIKE 'campaign-%'
              AND manifest IN ('campaign.journeys-counted.v1', 'campaign-directory.feed-read.v1')
            """;
        var deleted = command.ExecuteNonQuery();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return deleted;
    }

    private static async Task CreateEverywhereCampaignAsync(HttpClient authority)
    {
        // Montpellier's rules without its territory, operator list and 2022 validity: any synthetic journey of op-a counts.
        var doc = JsonNode.Parse(CampaignLibrary.Bytes(CampaignLibrary.Montpellier2022))!.AsObject();
        doc["id"] = "everywhere";
        doc.Remove("territory");
        doc.Remove("zones");
        doc.Remove("operators");
        doc["validity"] = new JsonObject { ["start"] = "2020-01-01" };
        doc["distance_m"] = new JsonObject { ["min"] = 0 };
        using (var body = new StringContent(doc.ToJsonString()))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), body, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        }

        using var activated = await authority.PostAsync(new Uri("/authority/terr-a/campaigns/everywhere/activate", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
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

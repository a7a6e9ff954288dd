using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Audit.Export;
using Mobility.Audit.Replay;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Declarations;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// Issue 12 part 3, "nothing lost between acceptance and payment", with a real crash: a <c>mobility serve</c> process is
/// SIGKILLed (twice) while two operators declare journeys under load and two campaigns are active, then started again
/// on the same folder; the operators retry what got no answer, as a real client does (the same signed declaration:
/// 201 on the leaf already logged, or 409 when it was recorded). Then every journey answered 201 is counted exactly
/// once by every active campaign; each campaign's total equals the engine's recomputation over what it counted; the
/// audit export replays with no difference, which re-decides every journey from its declaration and
/// recomputes every amount and every signed settlement from the log; and a settled month asked again is the same
/// bytes.
/// </summary>
public sealed class CampaignKillTests : IDisposable
{
    private const int Kills = 2;
    private const int Workers = 6;
    private static readonly string[] Campaigns = ["everywhere-a", "everywhere-b"];
    private static readonly string[] OperatorIds = ["op-a", "op-b"];
    private readonly TempFolder _data = new();
    private readonly TempFolder _work = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        _data.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task Every_journey_answered_201_before_a_SIGKILL_is_counted_once_by_every_campaign_and_settlements_equal_the_replay()
    {
        var environment = new Dictionary<string, string>
        {
            ["MOBILITY__AUTH__APIKEYS"] = TestKeys.Setting,
            ["MOBILITY__CITY__GTFS__0"] = TinyFeeds.GtfsZip(),
            ["MOBILITY__CARPOOL__TERRITORY"] = "terr-a",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var node = new NodeProcess("campaigns", _data.Path, environment);
        var random = new Random(20261207);
        var acknowledged = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal); // "op/journey" answered 201
        var unanswered = new ConcurrentBag<SignedDeclaration>();
        Mobility.Node.Cli.Simulate.DeclarationTraffic? traffic = null;
        string? authorityToken = null;
        var retried = new List<HttpStatusCode>();
        var documents = new List<(string File, byte[] Bytes)>();

        try
        {
            for (var run = 0; run <= Kills; run++)
            {
                node.Start([node.ClusterAddress]);
                await node.WaitReadyAsync(TimeSpan.FromSeconds(120));
                authorityToken ??= await TestKeys.TokenAsync(node.Http, Roles.Authority, "terr-a");
                traffic ??= await CarpoolTraffic.StartAsync(node.Http, OperatorIds);
                if (run == 0)
                {
                    using var authority = node.Http.With(authorityToken);
                    foreach (var id in Campaigns)
                    {
                        documents.Add((id + ".json", await CreateCampaignAsync(authority, id)));
                    }
                }

                // What the last crash left unanswered is sent again, the very same signed declarations.
                foreach (var d in unanswered.ToArray())
                {
                    using var again = await traffic.DeclareAsync(d, Ct);
                    retried.Add(again.StatusCode);
                    Assert.True(again.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"retry: HTTP {(int)again.StatusCode} {await again.Content.ReadAsStringAsync(Ct)}");
                    if (again.StatusCode == HttpStatusCode.Created)
                    {
                        acknowledged[d.OperatorId + "/" + d.Journey.OperatorJourneyId] = true;
                    }
                }

                unanswered.Clear();
                if (run == Kills)
                {
                    break;
                }

                // Operators declare from several clients at once; the process dies under them.
                using var stop = new CancellationTokenSource();
                var load = Enumerable.Range(0, Workers).Select(w => Task.Run(() => DeclareUntilKilledAsync(traffic, w, acknowledged, unanswered, stop.Token))).ToList();
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(2_500, 5_000)), Ct);
                node.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(load);
            }

            Assert.True(acknowledged.Count >= 10, $"only {acknowledged.Count} journeys were acknowledged: the load proved little");
            using var auth = node.Http.With(authorityToken!);

            // Every journey accepted in the log (acknowledged, or recorded under a request the crash cut) counts in both campaigns.
            var accepted = await ListedJourneysAsync(auth);
            Assert.Superset(acknowledged.Keys.ToHashSet(StringComparer.Ordinal), accepted.ToHashSet(StringComparer.Ordinal));
            foreach (var id in Campaigns)
            {
                await EventuallyAsync(auth, id, c => (int)c["journeys"]! == accepted.Count, "counts every accepted journey");
            }

            // Settle the month of every operator, in both campaigns; asked again, the same bytes.
            var month = DateTimeOffset.UtcNow.AddHours(-2).ToString("yyyy-MM", CultureInfo.InvariantCulture);
            foreach (var id in Campaigns)
            {
                foreach (var op in OperatorIds)
                {
                    var path = new Uri($"/authority/terr-a/campaigns/{id}/settlements/{month}/{op}?format=json", UriKind.Relative);
                    var first = await auth.GetStringAsync(path, Ct);
                    Assert.Equal(first, await auth.GetStringAsync(path, Ct));
                    Assert.Null(JsonNode.Parse(first)!["corrects"]);
                }
            }

            // The audit export of the running node, replayed: every journey re-decided, every amount and settlement
            // recomputed, no difference.
            var exportDir = Path.Combine(_work.Path, "export");
            Mobility.Audit.Export.AuditExporter.FromDataFolder(_data.Path, exportDir);
            var export = ExportSet.Read(exportDir);
            var report = AuditReplay.Run(export, documents);
            Assert.True(report.Differences.Count == 0, string.Join("\n", report.Differences.Take(20)));
            Assert.Equal(accepted.Count, report.Journeys);
            Assert.Equal(Campaigns.Length * OperatorIds.Length, report.Settlements);

            foreach (var (campaign, document) in export.Campaigns)
            {
                // Counted exactly once: one entry per journey, every acknowledged journey among them ...
                var counted = campaign.Counted.Select(c => c.OperatorId + "/" + c.JourneyId).ToList();
                Assert.Equal(counted.Count, counted.Distinct(StringComparer.Ordinal).Count());
                Assert.Superset(acknowledged.Keys.ToHashSet(StringComparer.Ordinal), counted.ToHashSet(StringComparer.Ordinal));

                // ... and paid once: the campaign's running total is the engine's recomputation over what it counted.
                var summary = JsonNode.Parse(await auth.GetStringAsync(new Uri($"/authority/terr-a/campaigns/{campaign.Id}", UriKind.Relative), Ct))!;
                var recomputed = CampaignEngine.Simulate(CampaignParser.Parse(document), campaign.Counted).Evaluations.Sum(e => e.TotalCents);
                Assert.Equal(recomputed, (long)summary["paid_cents"]!);
                Assert.True(recomputed > 0, "the campaigns paid nothing: the test proved little");
            }

            TestContext.Current.TestOutputHelper?.WriteLine($"{acknowledged.Count} acknowledged, {accepted.Count} accepted, {Kills} kills; "
                + $"retried after the restarts: {retried.Count(s => s == HttpStatusCode.Created)} answered 201, {retried.Count(s => s == HttpStatusCode.Conflict)} answered 409");
            Assert.NotEmpty(retried); // A kill that cut no request proved less than the test claims.
            await node.StopAsync();
        }
        finally
        {
            traffic?.Dispose();
        }
    }

    /// <summary>Two fresh people a journey (no terms rule refuses it), as fast as the node answers, until the kill.</summary>
    private static async Task DeclareUntilKilledAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, int worker,
        ConcurrentDictionary<string, bool> acknowledged, ConcurrentBag<SignedDeclaration> unanswered, CancellationToken stop)
    {
        var n = 0;
        while (!stop.IsCancellationRequested)
        {
            SignedDeclaration d;
            try
            {
                var op = traffic.Operators[(worker + n++) % traffic.Operators.Count];
                var driver = await traffic.NewPersonAsync(Ct);
                var passenger = await traffic.NewPersonAsync(Ct);
                d = traffic.Journey(op, driver, passenger, DateTimeOffset.UtcNow.AddHours(-2).AddMinutes(-worker));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return; // Killed while registering the people: nothing declared.
            }

            try
            {
                using var response = await traffic.DeclareAsync(d, Ct);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[d.OperatorId + "/" + d.Journey.OperatorJourneyId] = true;
                }
                else
                {
                    // Anything but 201 (a 503 while the log was going down) is retried after the restart.
                    unanswered.Add(d);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                unanswered.Add(d);
                return;
            }
        }
    }

    /// <summary>Every journey of the authority's listing (the log's journey leaves), as "operator/journey".</summary>
    private static async Task<List<string>> ListedJourneysAsync(HttpClient authority)
    {
        var all = new List<string>();
        long? after = null;
        do
        {
            var page = JsonNode.Parse(await authority.GetStringAsync(new Uri("/authority/journeys?limit=500" + (after is { } a ? $"&after={a}" : ""), UriKind.Relative), Ct))!;
            all.AddRange(page["journeys"]!.AsArray().Select(j => (string)j!["operator_id"]! + "/" + (string)j["operator_journey_id"]!));
            after = page["next"] is JsonValue next ? (long)next : null;
        }
        while (after is not null);
        return all;
    }

    /// <summary>Montpellier's rules over any place, operator and date (the synthetic journeys all qualify); created and activated.</summary>
    private static async Task<byte[]> CreateCampaignAsync(HttpClient authority, string id)
    {
        var doc = JsonNode.Parse(CampaignLibrary.Bytes(CampaignLibrary.Montpellier2022))!.AsObject();
        doc["id"] = id;
        doc.Remove("territory");
        doc.Remove("zones");
        doc.Remove("operators");
        doc["validity"] = new JsonObject { ["start"] = "2020-01-01" };
        doc["distance_m"] = new JsonObject { ["min"] = 0 };
        var bytes = System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString());
        using (var body = new ByteArrayContent(bytes))
        {
            body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), body, Ct);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Ct));
        }

        using var activated = await authority.PostAsync(new Uri($"/authority/terr-a/campaigns/{id}/activate", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        return bytes;
    }

    private static async Task EventuallyAsync(HttpClient authority, string campaign, Func<JsonNode, bool> done, string what)
    {
        var last = "";
        for (var i = 0; i < 300; i++)
        {
            last = await authority.GetStringAsync(new Uri($"/authority/terr-a/campaigns/{campaign}", UriKind.Relative), Ct);
            if (done(JsonNode.Parse(last)!))
            {
                return;
            }

            await Task.Delay(200, Ct);
        }

        Assert.Fail($"campaign {campaign} never {what}: {last}");
    }
}

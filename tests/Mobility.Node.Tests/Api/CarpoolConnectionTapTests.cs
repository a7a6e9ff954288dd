using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Carpool in the ticket, in the account (issue 14): a tap uploaded with a proven carpool journey's attestation rides the
/// connecting leg its campaign grants at no charge to the traveler; the campaign pays the fare in clearing; a journey
/// pays one leg in all, and a weaker journey none.
/// </summary>
public sealed class CarpoolConnectionTapTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Campaign = """
        { "schema_version": 1, "id": "tap-on", "name": "Carpool, then the tram, in the account", "timezone": "Europe/Paris", "validity": { "start": "2026-01-01" },
          "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 100 } } ] } },
          "transit_benefit": { "connecting_leg_minutes": 60, "min_proof_class": "B", "transit_operators": [ "tram-co" ] } }
        """;

    [Fact]
    public async Task A_connecting_leg_with_a_class_C_attestation_is_charged_0_once_and_cleared_against_the_campaign_and_class_A_is_charged()
    {
        var http = village.Node.Http;
        using var traffic = await CarpoolTraffic.StartAsync(http, "metro-bus");
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var (strong, strongId) = await DeclareAsync(traffic, start, Mobility.CarpoolProof.Grading.ProofClass.C);
        var (weak, _) = await DeclareAsync(traffic, start, Mobility.CarpoolProof.Grading.ProofClass.A);

        using var authority = await village.Node.ClientAsAsync(Roles.Authority, "terr-a");
        using (var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(Campaign, Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }

        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/tap-on/activate", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        var (_, token) = await TestKeys.TravelerAsync(http);
        using var alice = http.With(token);
        var medium = (await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("medium").GetString()!;
        using var tram = await village.Node.ClientAsAsync(Roles.Operator, "tram-co");
        object Tap(string id, int minutes, string? carpool) => new { id, time = start.AddMinutes(minutes), medium, fare = 199, tier = "metro", validator = "gate-1", carpool };

        // Class C, 35 minutes after the carpool started: the leg is the campaign's (charged 0). The same attestation on a
        // second tap: charged as any tap, the reason says why; a retried upload of the first: a duplicate. Class A: charged.
        var results = await Upload(tram, [Tap("c1", 35, strong), Tap("c2", 40, strong), Tap("a1", 45, weak)]);
        Assert.Equal([0L, 199, 199], results.Select(r => r.GetProperty("charged").GetInt64()));
        Assert.Contains("tap-on", results[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("used by another tap", results[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("class", results[2].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal("duplicate", (await Upload(tram, [Tap("c1", 35, strong)]))[0].GetProperty("outcome").GetString());

        // The attestation shown for another traveler's tap: the journey's leg is used.
        var (_, bobToken) = await TestKeys.TravelerAsync(http);
        using var bob = http.With(bobToken);
        var bobMedium = (await bob.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("medium").GetString()!;
        var shared = await Upload(tram, [new { id = "b1", time = start.AddMinutes(36), medium = bobMedium, fare = 199, tier = "metro", validator = "gate-2", carpool = strong }]);
        Assert.Equal(199, shared[0].GetProperty("charged").GetInt64());

        // The account: 3.98 charged; the connecting leg shows who pays it and counts toward no cap.
        var account = await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        Assert.Equal(398, account.GetProperty("charged").GetInt64());
        var free = Assert.Single(account.GetProperty("taps").EnumerateArray(), t => t.GetProperty("id").GetString() == "c1");
        Assert.Equal(("tap-on", 0L), (free.GetProperty("paidBy").GetString(), free.GetProperty("charged").GetInt64()));

        // Clearing: the campaign pays the leg's full fare to the tram, a line of its own among the payers.
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var month = TimeZoneInfo.ConvertTime(start.AddMinutes(35), paris).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var draft = (await authority.GetFromJsonAsync<JsonElement>(new Uri($"/authority/clearing/{month}", UriKind.Relative), Ct)).GetProperty("draft");
        var payer = Assert.Single(draft.GetProperty("payers").EnumerateArray(), p => p.GetProperty("payer").GetString() == "campaign:tap-on");
        Assert.Equal((1L, 199L), (payer.GetProperty("tickets").GetInt64(), payer.GetProperty("amount").GetInt64()));
        var travelers = Assert.Single(draft.GetProperty("payers").EnumerateArray(), p => p.GetProperty("payer").GetString() == "travelers");
        Assert.Equal(398 + 199, travelers.GetProperty("amount").GetInt64());
        Assert.Equal(398 + 199 + 199, draft.GetProperty("revenue").GetInt64());

        // Offline, revoked: the carpool operator cancels the journey (a status-change leaf). A validator holding the
        // published leaves and the signed checkpoint they make refuses the attestation; without them it cannot know;
        // leaves that do not make the signed tree are refused as input.
        using (var cancel = await traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{strongId}/cancel", "metro-bus", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        }

        using var folder = new TempFolder();
        string Write(string name, string text)
        {
            var path = Path.Combine(folder.Path, name);
            File.WriteAllText(path, text);
            return path;
        }

        using var checkpointRequest = new HttpRequestMessage(HttpMethod.Get, "/log/checkpoint");
        checkpointRequest.Headers.Accept.ParseAdd("text/plain");
        var checkpointText = await (await authority.SendAsync(checkpointRequest, Ct)).Content.ReadAsStringAsync(Ct);
        var size = long.Parse(checkpointText.Split('\n')[1], System.Globalization.CultureInfo.InvariantCulture);
        var leaves = (await authority.GetFromJsonAsync<JsonElement>(new Uri($"/log/leaves?start=0&end={size}", UriKind.Relative), Ct)).GetProperty("leaves")
            .EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Equal(size, leaves.Count);
        var checkpoint = Write("checkpoint", checkpointText);
        var leavesFile = Write("leaves.txt", string.Concat(leaves.Select(l => l + "\n")));
        var shortLeaves = Write("short.txt", string.Concat(leaves.SkipLast(1).Select(l => l + "\n")));
        var benefits = Write("benefits.json", await http.GetStringAsync(new Uri("/tickets/carpool-benefits", UriKind.Relative), Ct));
        var vkey = Write("platform.vkey", (await http.GetFromJsonAsync<JsonElement>(new Uri("/log/keys", UriKind.Relative), Ct)).GetProperty("vkey").GetString()!);
        var attestation = Write("strong.json", strong);
        Task<int> Validate(params string[] more) => Mobility.Cli.Program.Main(["ticket", "validate-carpool", attestation, "--vkey", vkey, "--benefits", benefits,
            "--operator", "tram-co", "--at", start.AddMinutes(40).ToString("O", System.Globalization.CultureInfo.InvariantCulture), .. more]);
        Assert.Equal(0, await Validate());
        Assert.Equal(3, await Validate("--leaves", leavesFile, "--checkpoint", checkpoint));
        Assert.Equal(2, await Validate("--leaves", shortLeaves, "--checkpoint", checkpoint));
        Assert.Equal(2, await Validate("--leaves", leavesFile));
    }

    private static async Task<(string Attestation, string JourneyId)> DeclareAsync(Mobility.Node.Cli.Simulate.DeclarationTraffic traffic, DateTimeOffset start, Mobility.CarpoolProof.Grading.ProofClass cls)
    {
        var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start, cls: cls);
        using var response = await traffic.DeclareAsync(d, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return (JsonDocument.Parse(body).RootElement.GetProperty("journey").GetProperty("attestation").GetRawText(), d.Journey.OperatorJourneyId);
    }

    private static async Task<List<JsonElement>> Upload(HttpClient client, object[] taps)
    {
        var answer = await client.PostAsJsonAsync(new Uri("/operators/tram-co/taps", UriKind.Relative), new { taps }, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray()];
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Clearing;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Issue 14, clearing: a finished month's taps are shared between operators by the published policy, the statement is
/// issued once, signed and anchored, and anyone re-computes it from the published input and policy.
/// </summary>
public sealed class ClearingEndpointTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private readonly TempFolder _data = new();
    private RunningNode _node = null!;

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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Last_months_capped_day_is_shared_pro_rata_issued_once_signed_anchored_and_recomputable_from_what_is_published()
    {
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        using var metro = await _node.ClientAsAsync(Roles.Operator, "metro-bus");
        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        using var otherAuthority = await _node.ClientAsAsync(Roles.Authority, "terr-b");
        var alice = await MediumAsync("a");
        var bob = await MediumAsync("b");

        // The 10th of last month in Paris: Alice rides the metro 7 times (4 at tram-co's gates, then 3 at metro-bus's), capped
        // at 12.00; Bob takes two buses three hours apart (1.60 each).
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
        var day = new DateOnly(today.Year, today.Month, 10).AddMonths(-1);
        var month = day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        DateTimeOffset At(int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), Paris.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, 0))));
        object Tap(string id, string medium, int hour, int fare, string tier) => new { id, time = At(hour), medium, fare, tier };
        await UploadAsync(tram, "tram-co", [.. Enumerable.Range(0, 4).Select(i => Tap("a" + i, alice, 8 + i, 199, "metro"))]);
        await UploadAsync(metro, "metro-bus", [.. Enumerable.Range(4, 3).Select(i => Tap("a" + i, alice, 8 + i, 199, "metro")), Tap("b1", bob, 9, 160, "bus"), Tap("b2", bob, 12, 160, "bus")]);

        // 1200 over seven equal fares: 171.43 each; largest remainders to the earliest rides: tram-co 172+172+172+171.
        var draft = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/authority/clearing/{month}", UriKind.Relative), Ct);
        var lines = draft.GetProperty("draft").GetProperty("operators").EnumerateArray().ToDictionary(o => o.GetProperty("operator").GetString()!, o => o.GetProperty("amount").GetInt64());
        Assert.Equal(687, lines["tram-co"]);
        Assert.Equal(513 + 320, lines["metro-bus"]);
        Assert.Equal(1520, draft.GetProperty("draft").GetProperty("revenue").GetInt64());
        Assert.Equal(JsonValueKind.Null, draft.GetProperty("issued").ValueKind);

        // Issued once: signed by the platform key, anchored; a second issue answers the same statement.
        var issuedAnswer = await authority.PostAsync(new Uri($"/authority/clearing/{month}", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Created, issuedAnswer.StatusCode);
        var issued = await issuedAnswer.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var statement = issued.GetProperty("statement").GetString()!;
        var again = await (await authority.PostAsync(new Uri($"/authority/clearing/{month}", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(issued.GetProperty("logIndex").GetInt64(), again.GetProperty("logIndex").GetInt64());
        var keys = await _node.Http.GetFromJsonAsync<JsonElement>(new Uri("/log/keys", UriKind.Relative), Ct);
        var publicKey = Convert.FromBase64String(keys.GetProperty("keys")[0].GetProperty("public_key").GetString()!);
        var signature = Convert.FromBase64String(issued.GetProperty("signature").GetString()!);
        Assert.True(ClearingSigning.Verify(statement, signature, publicKey));
        Assert.False(ClearingSigning.Verify(statement.Replace("687", "688", StringComparison.Ordinal), signature, publicKey));
        var leaves = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/log/leaves?start={issued.GetProperty("logIndex").GetInt64()}&end={issued.GetProperty("logIndex").GetInt64() + 1}", UriKind.Relative), Ct);
        Assert.Equal(Convert.ToBase64String(ClearingSigning.Leaf(statement)), leaves.GetProperty("leaves")[0].GetString());

        // An auditor re-computes it from the published input and policy alone.
        var csv = await authority.GetStringAsync(new Uri($"/authority/clearing/{month}/tickets.csv", UriKind.Relative), Ct);
        var policy = ApportionmentPolicy.Parse(await _node.Http.GetByteArrayAsync(new Uri("/tickets/clearing-policy", UriKind.Relative), Ct), "policy");
        var recomputed = ClearingStatement.Clear(policy, month, ClearingCsv.Read(new StringReader(csv), "tickets.csv"));
        Assert.Equal(statement, recomputed.ToJson());

        // The same with the audit command, from the files as published; a changed input is caught.
        using (var folder = new TempFolder())
        {
            string Write(string name, string text)
            {
                var path = Path.Combine(folder.Path, name);
                File.WriteAllText(path, text);
                return path;
            }

            var statementFile = Write("statement.json", issued.GetRawText());
            var ticketsFile = Write("tickets.csv", csv);
            var policyFile = Write("policy.json", Encoding.UTF8.GetString(await _node.Http.GetByteArrayAsync(new Uri("/tickets/clearing-policy", UriKind.Relative), Ct)));
            var vkey = Write("platform.vkey", keys.GetProperty("vkey").GetString()!);
            Assert.Equal(0, await Mobility.Cli.Program.Main(["audit", "verify-clearing", statementFile, "--tickets", ticketsFile, "--policy", policyFile, "--key", vkey]));
            var first = csv.IndexOf(",tram-co,", StringComparison.Ordinal); // One ride credited to another operator.
            var altered = Write("altered.csv", csv[..first] + ",metro-bus," + csv[(first + ",tram-co,".Length)..]);
            Assert.Equal(1, await Mobility.Cli.Program.Main(["audit", "verify-clearing", statementFile, "--tickets", altered, "--policy", policyFile, "--key", vkey]));
        }

        // Its ledger entries, one per ride in the TOMP journalEntry shape, add up to its line.
        var journal = await metro.GetFromJsonAsync<JsonElement>(new Uri($"/operators/metro-bus/journal/{month}", UriKind.Relative), Ct);
        var entries = journal.GetProperty("journalEntries").EnumerateArray().ToList();
        Assert.Equal(5, entries.Count);
        Assert.Equal(8.33m, entries.Sum(e => e.GetProperty("amount").GetDecimal()));
        Assert.All(entries, e => Assert.Equal(("EUR", "FARE"), (e.GetProperty("currencyCode").GetString(), e.GetProperty("category").GetString())));
        Assert.True(journal.GetProperty("matchesIssued").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await metro.GetAsync(new Uri($"/operators/tram-co/journal/{month}", UriKind.Relative), Ct)).StatusCode);

        // Each operator reads its own line; not another's; another territory's authority reads nothing.
        var line = await metro.GetFromJsonAsync<JsonElement>(new Uri($"/operators/metro-bus/statements/{month}", UriKind.Relative), Ct);
        Assert.Equal((833L, 5L), (line.GetProperty("amount").GetInt64(), line.GetProperty("legs").GetInt64()));
        Assert.Equal(HttpStatusCode.Forbidden, (await metro.GetAsync(new Uri($"/operators/tram-co/statements/{month}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherAuthority.GetAsync(new Uri($"/authority/clearing/{month}", UriKind.Relative), Ct)).StatusCode);

        // A tap uploaded late for the settled month changes the draft, never the issued statement.
        await UploadAsync(metro, "metro-bus", [Tap("b3", bob, 18, 160, "bus")]);
        var after = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/authority/clearing/{month}", UriKind.Relative), Ct);
        Assert.True(after.GetProperty("changedSinceIssued").GetBoolean());
        Assert.Equal(statement, after.GetProperty("issued").GetProperty("statement").GetString());

        // This month is not over; a malformed month is refused at its name.
        var thisMonth = today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Conflict, (await authority.PostAsync(new Uri($"/authority/clearing/{thisMonth}", UriKind.Relative), null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await authority.GetAsync(new Uri("/authority/clearing/2026-13", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await metro.GetAsync(new Uri($"/operators/metro-bus/statements/{thisMonth}", UriKind.Relative), Ct)).StatusCode);
    }

    private async Task<string> MediumAsync(string key)
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        using var traveler = _node.Http.With(token);
        return (await traveler.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("medium").GetString()!;
    }

    private static async Task UploadAsync(HttpClient client, string op, object[] taps)
    {
        var answer = await client.PostAsJsonAsync(new Uri($"/operators/{op}/taps", UriKind.Relative), new { taps }, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        Assert.DoesNotContain("refused", body, StringComparison.Ordinal);
    }
}

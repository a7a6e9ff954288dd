using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Issue 14, account-based ticketing over HTTP: operators upload their validators' taps against the medium a ticket
/// carries, late or twice; the account charges them under the node's caps (Navigo Liberte+ by default: metro EUR 1.99,
/// EUR 12.00 a day) as a ledger of charges and reversals.
/// </summary>
public sealed class AccountEndpointTests : IAsyncLifetime
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
    public async Task Taps_uploaded_late_out_of_order_and_twice_are_charged_once_under_the_daily_cap_with_reversals_not_edits()
    {
        var (alice, medium) = await TravelerWithTicketAsync("a");
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        using var metro = await _node.ClientAsAsync(Roles.Operator, "metro-bus");

        // Yesterday in Paris, metro rides at 08:00, 09:00, ... 13:00 (6 x 1.99 = 11.94, under the 12.00 cap).
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime).AddDays(-1);
        DateTimeOffset At(int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), Paris.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, 0))));
        object Tap(string id, int hour) => new { id, time = At(hour), medium, fare = 199, tier = "metro", validator = "gate-" + hour };
        var first = await Upload(tram, "tram-co", [.. Enumerable.Range(8, 6).Select(h => Tap("m" + h, h))]);
        Assert.All(first, r => Assert.Equal(("charged", 199L), (r.GetProperty("outcome").GetString(), r.GetProperty("charged").GetInt64())));

        // An offline validator uploads an earlier ride (07:00) and a later one late; another operator's ride with the same
        // local id is its own tap. In time order the 7th ride costs 0.06 and the rest nothing: the 13:00 ride, charged 1.99
        // before, is reversed and charged 0.06.
        var late = await Upload(tram, "tram-co", [Tap("m15", 15), Tap("m7", 7)]);
        Assert.Equal([0L, 199L], late.Select(r => r.GetProperty("charged").GetInt64()));
        var other = await Upload(metro, "metro-bus", [Tap("m8", 16)]);
        Assert.Equal(0, other[0].GetProperty("charged").GetInt64());

        // A retried upload changes nothing; a tap that fits no tier is refused with the reason, the rest recorded.
        var retried = await Upload(tram, "tram-co", [Tap("m8", 8), new { id = "x1", time = At(17), medium, fare = 199, tier = "ferry", validator = (string?)null }]);
        Assert.Equal("duplicate", retried[0].GetProperty("outcome").GetString());
        Assert.Equal("refused", retried[1].GetProperty("outcome").GetString());
        Assert.Contains("ferry", retried[1].GetProperty("reason").GetString(), StringComparison.Ordinal);

        var account = await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        Assert.Equal(medium, account.GetProperty("medium").GetString());
        Assert.Equal("EUR", account.GetProperty("currency").GetString());
        Assert.Equal(9, account.GetProperty("tapCount").GetInt32());
        Assert.Equal(9 * 199, account.GetProperty("fares").GetInt64());
        Assert.Equal(1200, account.GetProperty("charged").GetInt64());
        var byTime = account.GetProperty("taps").EnumerateArray().OrderBy(t => t.GetProperty("time").GetDateTimeOffset()).Select(t => t.GetProperty("charged").GetInt64()).ToList();
        Assert.Equal([199L, 199, 199, 199, 199, 199, 6, 0, 0], byTime);
        var entries = account.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(1200, entries.Sum(e => e.GetProperty("amount").GetInt64()));
        var reversal = Assert.Single(entries, e => e.GetProperty("kind").GetString() == "reversal");
        Assert.Equal(("tram-co:m13", -199L), (reversal.GetProperty("tapId").GetString(), reversal.GetProperty("amount").GetInt64()));

        // Bob's account is his own, empty.
        var (bob, bobMedium) = await TravelerWithTicketAsync("b");
        Assert.NotEqual(medium, bobMedium);
        Assert.Equal(0, (await bob.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("tapCount").GetInt32());
        alice.Dispose();
        bob.Dispose();
    }

    [Fact]
    public async Task A_refunded_tap_is_reversed_not_edited_and_its_day_is_charged_again_without_it_only_by_its_own_operator()
    {
        var (alice, medium) = await TravelerWithTicketAsync("r");
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        using var metro = await _node.ClientAsAsync(Roles.Operator, "metro-bus");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime).AddDays(-1);
        DateTimeOffset At(int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), Paris.GetUtcOffset(day.ToDateTime(new TimeOnly(hour, 0))));
        object Tap(string id, int hour) => new { id, time = At(hour), medium, fare = 199, tier = "metro" };

        // Seven metro rides: 6 x 1.99 then 0.06 up to the 12.00 cap.
        var charged = await Upload(tram, "tram-co", [.. Enumerable.Range(8, 7).Select(h => Tap("r" + h, h))]);
        Assert.Equal([199L, 199, 199, 199, 199, 199, 6], charged.Select(r => r.GetProperty("charged").GetInt64()));

        // The 09:00 ride was a double read: refunded. It is reversed (-1.99) and the 14:00 ride, capped before, costs 1.99 again.
        async Task<HttpResponseMessage> RefundAsync(HttpClient client, string op, string tap, string? onMedium = null) =>
            await client.PostAsJsonAsync(new Uri($"/operators/{op}/taps/{tap}/refund", UriKind.Relative), new { medium = onMedium ?? medium, reason = "double read" }, Ct);
        using var refund = await RefundAsync(tram, "tram-co", "r9");
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        var entries = (await refund.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("tapId").GetString(), e.GetProperty("kind").GetString(), e.GetProperty("amount").GetInt64())).ToList();
        Assert.Equal([("tram-co:r9", "reversal", -199L), ("tram-co:r14", "reversal", -6L), ("tram-co:r14", "charge", 199L)], entries);

        // Twice: 409; another operator's tap of that id, or another operator's route: refused; a bad medium: 400.
        Assert.Equal(HttpStatusCode.Conflict, (await RefundAsync(tram, "tram-co", "r9")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await RefundAsync(metro, "metro-bus", "r10")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await RefundAsync(metro, "tram-co", "r10")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await RefundAsync(tram, "tram-co", "r10", "x")).StatusCode);

        // The account: 6 rides count (11.94), the refunded one shows 0, the ledger's sum is the charge; a replayed upload of
        // the refunded tap stays a duplicate.
        var account = await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        Assert.Equal(6 * 199, account.GetProperty("charged").GetInt64());
        Assert.Equal(6 * 199, account.GetProperty("fares").GetInt64());
        Assert.Equal(6 * 199, account.GetProperty("entries").EnumerateArray().Sum(e => e.GetProperty("amount").GetInt64()));
        var r9 = Assert.Single(account.GetProperty("taps").EnumerateArray(), t => t.GetProperty("id").GetString() == "r9");
        Assert.True(r9.GetProperty("refunded").GetBoolean());
        Assert.Equal(0, r9.GetProperty("charged").GetInt64());
        Assert.Equal("duplicate", (await Upload(tram, "tram-co", [Tap("r9", 9)]))[0].GetProperty("outcome").GetString());

        // Yesterday's rides count toward no cap today; a ride a minute ago does: 1.99 of the 12.00 day cap spent.
        var dayCap = Assert.Single(account.GetProperty("caps").EnumerateArray(), c => c.GetProperty("period").GetString() == "day");
        Assert.Equal((1200L, 0L), (dayCap.GetProperty("amount").GetInt64(), dayCap.GetProperty("spent").GetInt64()));
        await Upload(tram, "tram-co", [new { id = "now", time = DateTimeOffset.UtcNow.AddMinutes(-1), medium, fare = 199, tier = "metro" }]);
        var today = await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        dayCap = Assert.Single(today.GetProperty("caps").EnumerateArray(), c => c.GetProperty("period").GetString() == "day");
        Assert.Equal((199L, 1001L), (dayCap.GetProperty("spent").GetInt64(), dayCap.GetProperty("remaining").GetInt64()));
        Assert.True(dayCap.GetProperty("ends").GetDateTimeOffset() > DateTimeOffset.UtcNow);
        alice.Dispose();
    }

    [Fact]
    public async Task A_malformed_upload_records_nothing_and_an_unknown_medium_or_another_operators_route_is_refused()
    {
        var (alice, medium) = await TravelerWithTicketAsync("c");
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        var when = DateTimeOffset.UtcNow.AddHours(-1);

        // A time without its offset in the second tap: 400 at its path, and the first, valid tap is not recorded either.
        using (var content = new StringContent($$"""{"taps":[{"id":"ok","time":"{{when:O}}","medium":"{{medium}}","fare":199,"tier":"metro"},{"id":"bad","time":"2026-12-01T08:00:00","medium":"{{medium}}","fare":199,"tier":"metro"}]}""", System.Text.Encoding.UTF8, "application/json"))
        {
            var answer = await tram.PostAsync(new Uri("/operators/tram-co/taps", UriKind.Relative), content, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        }

        foreach (var (body, field) in new (object Body, string Field)[]
        {
            (new { taps = Array.Empty<object>() }, "taps"),
            (new { taps = new[] { new { id = "t", time = when, medium = "x", fare = 1, tier = "metro" } } }, "taps[0].medium"),
            (new { taps = new[] { new { id = "t", time = when, medium, fare = (long?)null, tier = "metro" } } }, "taps[0].fare"),
        })
        {
            var answer = await tram.PostAsJsonAsync(new Uri("/operators/tram-co/taps", UriKind.Relative), body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
            Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty(field, out _), field);
        }

        Assert.Equal(0, (await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("tapCount").GetInt32());

        var unknown = await Upload(tram, "tram-co", [new { id = "u1", time = when, medium = "app-ffffffffffffffffffffffffffffffff", fare = 199, tier = "metro" }]);
        Assert.Equal(("refused", "unknown medium"), (unknown[0].GetProperty("outcome").GetString(), unknown[0].GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.Forbidden, (await tram.PostAsJsonAsync(new Uri("/operators/metro-bus/taps", UriKind.Relative),
            new { taps = new[] { new { id = "f1", time = when, medium, fare = 199, tier = "metro" } } }, Ct)).StatusCode);
        alice.Dispose();
    }

    private async Task<(HttpClient Traveler, string Medium)> TravelerWithTicketAsync(string key)
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        var traveler = _node.Http.With(token);
        using var book = new HttpRequestMessage(HttpMethod.Post, "/trips")
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "transit", operatorId = "tram-co", resourceId = "T1" } } }),
        };
        book.Headers.Add("Idempotency-Key", "account-" + key);
        var trip = (await (await traveler.SendAsync(book, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        (await traveler.PostAsync(new Uri($"/trips/{trip}/commit", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var ticket = await traveler.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        return (traveler, ticket.GetProperty("medium").GetString()!);
    }

    private static async Task<List<JsonElement>> Upload(HttpClient client, string op, object[] taps)
    {
        var answer = await client.PostAsJsonAsync(new Uri($"/operators/{op}/taps", UriKind.Relative), new { taps }, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray()];
    }
}

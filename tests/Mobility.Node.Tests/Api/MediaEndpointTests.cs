using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Media;

namespace Mobility.Node.Tests.Api;

/// <summary>
/// Issue 14, cards as further media: a traveler registers a card by the token a validator reads from it (the node keeps
/// only its SHA-256-derived id); taps operators upload against that id land on the traveler's account and count toward
/// the same caps as the app; one traveler holds a card at a time; a removed card's later taps are refused.
/// </summary>
public sealed class MediaEndpointTests : IAsyncLifetime
{
    private const string Token = "4970123456789012";
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
    public async Task A_registered_cards_taps_land_on_its_holders_account_under_the_same_cap_and_no_one_else_can_take_or_remove_it()
    {
        using var alice = await TravelerAsync();
        using var bob = await TravelerAsync();
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        var card = CardMedium.IdOf(Token);

        // Alice registers the card: 201 with the derived id, never the token; again: 200, the same.
        using (var created = await alice.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = Token, label = "blue card" }, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = await created.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain(Token, body, StringComparison.Ordinal);
            Assert.Equal(card, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
        }

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = Token, label = "blue card" }, Ct)).StatusCode);
        var media = (await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/media", UriKind.Relative), Ct)).GetProperty("media").EnumerateArray().ToList();
        Assert.Equal(["app", "card"], media.Select(m => m.GetProperty("kind").GetString()));
        Assert.Equal((card, "blue card"), (media[1].GetProperty("id").GetString(), media[1].GetProperty("label").GetString()));
        var app = media[0].GetProperty("id").GetString()!;
        var registeredAt = media[1].GetProperty("registeredAt").GetDateTimeOffset();

        // Bob cannot take it (409) nor remove it (404, as for a card no one holds); Alice cannot remove her app medium.
        Assert.Equal(HttpStatusCode.Conflict, (await bob.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = Token }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync(new Uri($"/me/media/{card}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.DeleteAsync(new Uri($"/me/media/{CardMedium.IdOf("never-registered")}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.DeleteAsync(new Uri($"/me/media/{app}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = "short" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = Token, pan = "4970" }, Ct)).StatusCode);

        // Seven metro rides in a few seconds, four on the app, three on the card: one account, one day cap (6 x 1.99 + 0.06).
        // A card ride from before its registration is refused.
        var t0 = registeredAt.AddMilliseconds(1);
        var results = await Upload(tram, [.. Enumerable.Range(0, 7).Select(i => Tap("r" + i, t0.AddMilliseconds(i), i % 2 == 1 ? card : app)),
            Tap("early", registeredAt.AddMinutes(-30), card)]);
        if (t0.AddMilliseconds(10) - DateTimeOffset.UtcNow is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, Ct); // the cap progress counts the rides up to now
        }

        Assert.Equal([199L, 199, 199, 199, 199, 199, 6], results.Take(7).Select(r => r.GetProperty("charged").GetInt64()));
        Assert.Equal("refused", results[7].GetProperty("outcome").GetString());
        var account = await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        Assert.Equal((7, 1200L), (account.GetProperty("tapCount").GetInt32(), account.GetProperty("charged").GetInt64()));
        Assert.Equal(3, account.GetProperty("taps").EnumerateArray().Count(t => t.GetProperty("medium").GetString() == card));
        var day = Assert.Single(account.GetProperty("caps").EnumerateArray(), c => c.GetProperty("period").GetString() == "day");
        Assert.Equal(0, day.GetProperty("remaining").GetInt64());
        Assert.Equal(0, (await bob.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("tapCount").GetInt32());

        // The operator refunds a card ride naming the card: it is found on Alice's account.
        Assert.Equal(HttpStatusCode.OK, (await tram.PostAsJsonAsync(new Uri("/operators/tram-co/taps/r1/refund", UriKind.Relative), new { medium = card, reason = "double read" }, Ct)).StatusCode);

        // Alice removes the card: later taps are refused, her account keeps what was charged, and Bob may now register it;
        // his rides then land on his account only.
        Assert.Equal(HttpStatusCode.NoContent, (await alice.DeleteAsync(new Uri($"/me/media/{card}", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync(new Uri($"/me/media/{card}", UriKind.Relative), Ct)).StatusCode);
        Assert.Single((await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/media", UriKind.Relative), Ct)).GetProperty("media").EnumerateArray());
        var after = await Upload(tram, [Tap("late", DateTimeOffset.UtcNow, card)]);
        Assert.Equal(("refused", "unknown medium: the card is registered on no account"), (after[0].GetProperty("outcome").GetString(), after[0].GetProperty("reason").GetString()));
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = Token }, Ct)).StatusCode);
        var bobs = await Upload(tram, [Tap("b1", DateTimeOffset.UtcNow.AddSeconds(1), card)]);
        Assert.Equal(199, bobs[0].GetProperty("charged").GetInt64());
        Assert.Equal(1, (await bob.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("tapCount").GetInt32());
        Assert.Equal(7, (await alice.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("tapCount").GetInt32());
    }

    private static object Tap(string id, DateTimeOffset time, string medium) => new { id, time, medium, fare = 199, tier = "metro" };

    private async Task<HttpClient> TravelerAsync()
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        return _node.Http.With(token);
    }

    private static async Task<List<JsonElement>> Upload(HttpClient client, object[] taps)
    {
        var answer = await client.PostAsJsonAsync(new Uri("/operators/tram-co/taps", UriKind.Relative), new { taps }, Ct);
        var body = await answer.Content.ReadAsStringAsync(Ct);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.GetProperty("results").EnumerateArray()];
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Security;

/// <summary>
/// Every protected endpoint, called without a token, with a bad token, with another role's token and with another
/// tenant's token, answers 401/403 as problem details and leaks none of the owner's data. A new endpoint is covered by
/// adding a row to <see cref="Endpoints"/>.
/// </summary>
public sealed class AccessControlTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    /// <summary>
    /// One protected endpoint. In <c>Path</c>, <c>{operator}</c>, <c>{territory}</c>, <c>{traveler}</c> and <c>{trip}</c> are the
    /// owner's resources (see <see cref="SecuredNode"/>). <c>TenantScoped</c>: a same-role token of another tenant gets 403.
    /// <c>OthersGet404</c>: a resource named by id under "me" (a card): another tenant's token is answered 404, as for an
    /// id no one holds, so that the answer does not tell who holds it.
    /// </summary>
    public sealed record Endpoint(string Method, string Path, string Role, bool TenantScoped, Func<SecuredNode, HttpContent?> Body, bool OthersGet404 = false)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    private static HttpContent Json(object body) => JsonContent.Create(body);

    private static ByteArrayContent Document()
    {
        var content = new ByteArrayContent(CampaignLibrary.Bytes(SecuredNode.Campaign));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return content;
    }

    public static readonly IReadOnlyList<Endpoint> Endpoints =
    [
        new("POST", "/operators", Roles.Operator, true, _ => Json(new { id = SecuredNode.Operator, name = "Forged name" })),
        new("GET", "/operators/{operator}", Roles.Operator, true, _ => null),
        new("POST", "/operators/{operator}/feed-versions", Roles.Operator, true, _ => Json(new { kind = "gtfs", sha256 = new string('b', 64) })),
        new("POST", "/operators/{operator}/offers", Roles.Operator, true, _ => Json(SecuredNode.OfferBody("offer-2"))),
        new("GET", "/operators/{operator}/offers", Roles.Operator, true, _ => null),
        new("DELETE", "/operators/{operator}/offers/offer-2", Roles.Operator, true, _ => null),
        new("POST", "/operators/{operator}/feeds", Roles.Operator, true, _ => Json(new { kind = "gtfs-rt", url = "http://127.0.0.1:9/rt.pb" })),
        new("GET", "/operators/{operator}/feeds", Roles.Operator, true, _ => null),
        new("DELETE", "/operators/{operator}/feeds?kind=gtfs-rt&url=http%3A%2F%2F127.0.0.1%3A9%2Frt.pb", Roles.Operator, true, _ => null),
        new("POST", "/operators/{operator}/feeds/gtfs", Roles.Operator, true, _ => new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(TinyFeeds.GtfsZip())), "file", "feed.zip" } }),
        new("GET", "/operators/{operator}/trips", Roles.Operator, true, _ => null),
        new("POST", "/operators/{operator}/trips/{trip}/accept", Roles.Operator, true, _ => null),
        new("POST", "/operators/{operator}/trips/{trip}/deny", Roles.Operator, true, _ => null),
        new("POST", "/trips", Roles.Traveler, false, _ => Json(new { legs = new[] { new { kind = "shared-vehicle", operatorId = SecuredNode.Operator, resourceId = "bike-" + Guid.NewGuid().ToString("N")[..8], seats = 1 } } })),
        new("GET", "/trips", Roles.Traveler, false, _ => null),
        new("GET", "/trips/{trip}", Roles.Traveler, true, _ => null),
        new("POST", "/trips/{trip}/commit", Roles.Traveler, true, _ => null),
        new("POST", "/trips/{trip}/start", Roles.Traveler, true, _ => null),
        new("POST", "/trips/{trip}/end", Roles.Traveler, true, _ => null),
        new("POST", "/trips/{trip}/cancel", Roles.Traveler, true, _ => null),
        new("GET", "/trips/{trip}/ticket", Roles.Traveler, true, _ => null),
        new("POST", "/operators/{operator}/taps", Roles.Operator, true, _ => Json(new { taps = new[] { new { id = "t1", time = "2026-12-07T08:00:00Z", medium = "app-00000000000000000000000000000000", fare = 199, tier = "metro" } } })),
        new("POST", "/operators/{operator}/taps/t1/refund", Roles.Operator, true, _ => Json(new { medium = "app-00000000000000000000000000000000", reason = "not made" })),
        new("GET", "/me/account", Roles.Traveler, false, _ => null),
        new("POST", "/me/account/credits", Roles.Traveler, false, _ => null),
        new("GET", "/me/media", Roles.Traveler, false, _ => null),
        new("POST", "/me/media", Roles.Traveler, false, _ => Json(new { token = "ac-" + Guid.NewGuid().ToString("N"), label = "forged" })),
        new("DELETE", "/me/media/{card}", Roles.Traveler, false, _ => null, OthersGet404: true),
        new("GET", "/authority/clearing/2026-11", Roles.Authority, true, _ => null),
        new("GET", "/authority/clearing/2026-11/tickets.csv", Roles.Authority, true, _ => null),
        new("POST", "/authority/clearing/2026-11", Roles.Authority, true, _ => null),
        new("GET", "/operators/{operator}/statements/2026-11", Roles.Operator, true, _ => null),
        new("GET", "/operators/{operator}/journal/2026-11", Roles.Operator, true, _ => null),
        new("GET", "/v3/journeys", Roles.Operator, false, _ => null),
        new("GET", "/v3/me/attestations", Roles.Traveler, false, _ => null),
        new("GET", "/log/leaves?start=0&end=0", Roles.Authority, false, _ => null),
        new("GET", "/authority/journeys", Roles.Authority, true, _ => null),
        new("GET", "/authority/log/openings?start=0&end=0", Roles.Authority, true, _ => null),
        new("GET", "/authority/journeys/{operator}/j1", Roles.Authority, true, _ => null),
        new("POST", "/authority/journeys/{operator}/j1/fraud", Roles.Authority, true, _ => Json(new { reason = "test" })),
        new("POST", "/authority/{territory}/campaigns", Roles.Authority, true, _ => Document()),
        new("POST", "/authority/{territory}/campaigns/simulate", Roles.Authority, true, _ => Document()),
        new("GET", "/authority/{territory}/campaigns/{campaign}", Roles.Authority, true, _ => null),
        new("POST", "/authority/{territory}/campaigns/{campaign}/activate", Roles.Authority, true, _ => null),
        new("POST", "/authority/{territory}/campaigns/{campaign}/close", Roles.Authority, true, _ => null),
        new("GET", "/authority/{territory}/campaigns/{campaign}/settlements/2022-03/partner-operator?format=json", Roles.Authority, true, _ => null),
        new("GET", "/authority/{territory}/campaigns/{campaign}/statements/driver-1/2022", Roles.Authority, true, _ => null),
        new("GET", "/authority/{territory}/campaigns/{campaign}/open-data", Roles.Authority, true, _ => null),
        new("GET", "/v3/me/incentives", Roles.Traveler, false, _ => null),
        // The configured territory's own area: registering it leaves terr-b unknown, so the rows above keep their meaning.
        new("POST", "/platform/territories", Roles.Platform, false, _ => Json(new { code = SecuredNode.Territory, name = "Terr A", geometry = TerritoryNode.Area(4.70, 4.88) })),
    ];

    public static TheoryData<string> EndpointNames => [.. Endpoints.Select(e => e.ToString())];

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task Without_a_token_the_answer_is_401_and_no_data(string name)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        using var client = node.Node.Http.With(null);
        await AssertRefused(await Send(client, endpoint), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task With_a_forged_or_malformed_token_the_answer_is_401_and_no_data(string name)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        var owner = node.TokenOf(endpoint.Role, owner: true);
        var forged = owner[..^2] + (owner[^2] == 'A' ? "BB" : "AA");
        foreach (var token in new[] { forged, "not-a-token", owner.Split('.')[0] })
        {
            using var client = node.Node.Http.With(token);
            await AssertRefused(await Send(client, endpoint), HttpStatusCode.Unauthorized);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task With_another_roles_token_the_answer_is_403_and_no_data(string name)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        foreach (var role in Roles.All.Where(r => r != endpoint.Role))
        {
            using var client = node.Node.Http.With(node.TokenOf(role, owner: true));
            await AssertRefused(await Send(client, endpoint), HttpStatusCode.Forbidden);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task With_another_tenants_token_the_answer_is_403_and_no_data(string name)
    {
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        using var client = node.Node.Http.With(node.TokenOf(endpoint.Role, owner: false));
        if (endpoint.TenantScoped)
        {
            await AssertRefused(await Send(client, endpoint), HttpStatusCode.Forbidden);
            return;
        }

        // Endpoints on "my own" data (my trips, a new booking) answer the caller's data: still none of the owner's.
        using var response = await Send(client, endpoint);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(endpoint.OthersGet404 ? response.StatusCode == HttpStatusCode.NotFound : response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        foreach (var secret in node.OwnerData)
        {
            Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(EndpointNames))]
    public async Task With_the_owners_token_the_endpoint_is_not_refused(string name)
    {
        // The control: the rows above can fail, because the owner gets past authorization on every row.
        var endpoint = Endpoints.Single(e => e.ToString() == name);
        using var client = node.Node.Http.With(node.TokenOf(endpoint.Role, owner: true));
        using var response = await Send(client, endpoint);
        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private Task<HttpResponseMessage> Send(HttpClient client, Endpoint endpoint)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), new Uri(node.Expand(endpoint.Path), UriKind.Relative))
        {
            Content = endpoint.Body(node),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private async Task AssertRefused(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.True(status == response.StatusCode, $"{status} expected, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal((int)status, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
            foreach (var secret in node.OwnerData)
            {
                Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
            }
        }
    }
}

/// <summary>
/// Wrong-territory rows: on a node serving two registered territories, terr-b's authority asks for terr-a's journeys
/// and campaigns. A journey or campaign of another territory answers as missing (404, as the tenant rules answer
/// another territory's campaign), a route naming another territory answers 403, and no answer shows the resource.
/// </summary>
public sealed class WrongTerritoryAccessTests(TerritoryNode node) : IClassFixture<TerritoryNode>
{
    /// <summary>One request by terr-b's authority at terr-a's resources, and the status it must get.</summary>
    public sealed record Row(string Method, string Path, int Status)
    {
        public override string ToString() => $"{Method} {Path} -> {Status}";
    }

    public static readonly IReadOnlyList<Row> Rows =
    [
        new("GET", "/authority/journeys/{operator}/{a-journey}", 404),
        new("POST", "/authority/journeys/{operator}/{a-journey}/fraud", 404),
        new("GET", "/authority/terr-b/campaigns/{a-campaign}", 404),
        new("POST", "/authority/terr-b/campaigns/{a-campaign}/activate", 404),
        new("POST", "/authority/terr-b/campaigns/{a-campaign}/close", 404),
        new("GET", "/authority/terr-b/campaigns/{a-campaign}/open-data", 404),
        new("GET", "/authority/terr-b/campaigns/{a-campaign}/settlements/2026-12/{operator}?format=json", 404),
        new("GET", "/authority/terr-a/campaigns/{a-campaign}", 403),
        new("POST", "/authority/terr-a/campaigns/{a-campaign}/close", 403),
        new("GET", "/authority/terr-a/campaigns/{a-campaign}/open-data", 403),
    ];

    public static TheoryData<string> RowNames => [.. Rows.Select(r => r.ToString())];

    [Theory]
    [MemberData(nameof(RowNames))]
    public async Task Another_territorys_authority_is_refused_and_sees_nothing(string name)
    {
        var row = Rows.Single(r => r.ToString() == name);
        var ct = TestContext.Current.CancellationToken;
        using var client = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, "terr-b"));
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(node.Expand(row.Path), UriKind.Relative))
        {
            Content = row.Method == "POST" ? JsonContent.Create(new { reason = "not mine" }) : null,
        };
        using var response = await client.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(row.Status == (int)response.StatusCode, $"{row.Status} expected, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("attestation", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"phase\"", body, StringComparison.Ordinal);

        // The control: terr-a's own journey is still recorded, never flagged by the refused request.
        using var owner = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, "terr-a"));
        using var own = await owner.GetAsync(new Uri(node.Expand("/authority/journeys/{operator}/{a-journey}"), UriKind.Relative), ct);
        var ownBody = await own.Content.ReadAsStringAsync(ct);
        Assert.True(own.IsSuccessStatusCode, ownBody);
        Assert.Contains("\"revoked\":false", ownBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_territorys_authority_lists_only_its_own_journeys()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = node.Node.Http.With(await TestKeys.TokenAsync(node.Node.Http, Roles.Authority, "terr-b"));
        // The log's index answers 503 until it has read every journey's territory back from the journal after its
        // start (docs/proofs.md "Territories"); a client retries, as this does, for at most 30 s.
        string list;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); ; await Task.Delay(250, ct))
        {
            using var response = await client.GetAsync(new Uri("/authority/journeys?limit=500", UriKind.Relative), ct);
            list = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable || waited.Elapsed > TimeSpan.FromSeconds(30))
            {
                Assert.True(response.IsSuccessStatusCode, list);
                break;
            }
        }

        Assert.DoesNotContain($"\"{node.OnlyA}\"", list, StringComparison.Ordinal);
        Assert.Contains($"\"{node.OnlyB}\"", list, StringComparison.Ordinal);
        Assert.Contains($"\"{node.Crossing}\"", list, StringComparison.Ordinal);
    }
}

/// <summary>One node shared by the access-control rows, with one owner per role holding data, and a second tenant per role.</summary>
public sealed class SecuredNode : IAsyncLifetime
{
    public const string Operator = "op-a";
    public const string OtherOperator = "op-b";
    public const string Territory = "terr-a";
    public const string OtherTerritory = "terr-b";
    public const string OperatorName = "Alpha Mobility Secret";
    public const string Campaign = CampaignLibrary.Montpellier2022;

    private readonly TempFolder _data = new();
    private readonly Dictionary<(string Role, bool Owner), string> _tokens = [];

    internal RunningNode Node { get; private set; } = null!;

    public string Traveler { get; private set; } = string.Empty;

    public string Trip { get; private set; } = "none";

    /// <summary>Strings only the owner's answers contain; no refused answer may show one.</summary>
    public IReadOnlyList<string> OwnerData => [OperatorName, new string('a', 64), Trip, "offer-secret", Mobility.Ticketing.Media.CardMedium.IdOf(OwnerCardToken)];

    public static object OfferBody(string offerId, int seats = 3) => new
    {
        offerId,
        origin = new { lat = 45.52, lon = -122.68 },
        destination = new { lat = 45.50, lon = -122.60 },
        departEarliest = DateTimeOffset.UtcNow.AddHours(1),
        departLatest = DateTimeOffset.UtcNow.AddHours(2),
        seats,
        maxDetourMinutes = 10,
        price = new { currency = "EUR", baseCents = 100, perKmCents = 10 },
    };

    public string TokenOf(string role, bool owner) => _tokens[(role, owner)];

    public string Expand(string path) => path
        .Replace("{operator}", Operator, StringComparison.Ordinal)
        .Replace("{territory}", Territory, StringComparison.Ordinal)
        .Replace("{traveler}", Traveler, StringComparison.Ordinal)
        .Replace("{trip}", Trip, StringComparison.Ordinal)
        .Replace("{campaign}", Campaign, StringComparison.Ordinal)
        .Replace("{card}", Mobility.Ticketing.Media.CardMedium.IdOf(OwnerCardToken), StringComparison.Ordinal);

    /// <summary>The token of the card the owner traveler registers at start.</summary>
    public const string OwnerCardToken = "owner-card-token-0001";

    public async ValueTask InitializeAsync()
    {
        Node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        await Node.WaitReadyAsync();
        var http = Node.Http;
        _tokens[(Roles.Operator, true)] = await TestKeys.TokenAsync(http, Roles.Operator, Operator);
        _tokens[(Roles.Operator, false)] = await TestKeys.TokenAsync(http, Roles.Operator, OtherOperator);
        _tokens[(Roles.Authority, true)] = await TestKeys.TokenAsync(http, Roles.Authority, Territory);
        _tokens[(Roles.Authority, false)] = await TestKeys.TokenAsync(http, Roles.Authority, OtherTerritory);
        _tokens[(Roles.Platform, true)] = await TestKeys.TokenAsync(http, Roles.Platform, TestKeys.Platforms[0]);
        _tokens[(Roles.Platform, false)] = await TestKeys.TokenAsync(http, Roles.Platform, TestKeys.Platforms[1]);
        (Traveler, _tokens[(Roles.Traveler, true)]) = await TestKeys.TravelerAsync(http);
        (_, _tokens[(Roles.Traveler, false)]) = await TestKeys.TravelerAsync(http);

        using var owner = http.With(TokenOf(Roles.Operator, owner: true));
        var ct = TestContext.Current.CancellationToken;
        (await owner.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = Operator, name = OperatorName }, ct)).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync(new Uri($"/operators/{Operator}/feed-versions", UriKind.Relative), new { kind = "gbfs", sha256 = new string('a', 64) }, ct)).EnsureSuccessStatusCode();
        (await owner.PostAsJsonAsync(new Uri($"/operators/{Operator}/offers", UriKind.Relative), OfferBody("offer-secret"), ct)).EnsureSuccessStatusCode();
        using var authority = http.With(TokenOf(Roles.Authority, owner: true));
        using var document = new ByteArrayContent(CampaignLibrary.Bytes(Campaign));
        (await authority.PostAsync(new Uri($"/authority/{Territory}/campaigns", UriKind.Relative), document, ct)).EnsureSuccessStatusCode();

        using var traveler = http.With(TokenOf(Roles.Traveler, owner: true));
        (await traveler.PostAsJsonAsync(new Uri("/me/media", UriKind.Relative), new { token = OwnerCardToken }, ct)).EnsureSuccessStatusCode();
        using var book = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative))
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "carpool", operatorId = Operator, resourceId = "offer-secret", seats = 1 } } }),
        };
        book.Headers.Add("Idempotency-Key", "fixture-trip");
        using var booked = await traveler.SendAsync(book, ct);
        var text = await booked.Content.ReadAsStringAsync(ct);
        Assert.True(booked.StatusCode == HttpStatusCode.Created, text);
        Trip = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Node.DisposeAsync();
        _data.Dispose();
    }
}

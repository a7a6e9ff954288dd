using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Security;

public sealed class AuthEndpointTests(SecuredNode node) : IClassFixture<SecuredNode>
{
    [Fact]
    public async Task An_api_key_is_exchanged_for_a_token_of_its_role_and_tenant()
    {
        using var response = await node.Node.PostAsync("/auth/token", new { apiKey = TestKeys.Key(Roles.Authority, "terr-b") });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("authority", root.GetProperty("role").GetString());
        Assert.Equal("terr-b", root.GetProperty("tenant").GetString());
        Assert.Equal("Bearer", root.GetProperty("tokenType").GetString());
        Assert.InRange(root.GetProperty("expiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));
    }

    [Fact]
    public async Task A_wrong_key_gets_401_problem_details()
    {
        var genuine = TestKeys.Key(Roles.Operator, "op-a");
        foreach (var key in new[] { genuine[..^1] + (genuine[^1] == 'A' ? 'B' : 'A'), ApiKeys.Create(Roles.Operator, "op-a").Key, "", "mt_t-1234_abc" })
        {
            await Api.OperatorEndpointTests.AssertProblem(await node.Node.PostAsync("/auth/token", new { apiKey = key }), HttpStatusCode.Unauthorized, null);
        }
    }

    [Fact]
    public async Task A_traveler_account_key_gives_new_tokens_for_the_same_traveler()
    {
        using var created = await node.Node.Http.PostAsync(new Uri("/travelers", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var account = JsonDocument.Parse(await created.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        var id = account.GetProperty("travelerId").GetString();

        using var renewed = await node.Node.PostAsync("/auth/token", new { apiKey = account.GetProperty("accountKey").GetString() });
        var token = await renewed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("traveler", token.GetProperty("role").GetString());
        Assert.Equal(id, token.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task The_openapi_document_lists_every_protected_endpoint()
    {
        using var response = await node.Node.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Each OpenAPI path template becomes a pattern ({x} = one segment); every protected endpoint must match one.
        var templates = JsonDocument.Parse(text).RootElement.GetProperty("paths").EnumerateObject()
            .Select(p => new System.Text.RegularExpressions.Regex(
                "^" + System.Text.RegularExpressions.Regex.Replace(p.Name.TrimEnd('/'), @"\{[^}]+\}", "[^/]+") + "/?$"))
            .ToList();
        foreach (var endpoint in AccessControlTests.Endpoints)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(endpoint.Path.Split('?')[0], @"\{[^}]+\}", "value");
            Assert.True(templates.Exists(t => t.IsMatch(path)), $"{endpoint.Path} missing from the OpenAPI document");
        }
    }
}

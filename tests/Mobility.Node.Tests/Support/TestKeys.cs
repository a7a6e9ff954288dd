using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Security;

namespace Mobility.Node.Tests.Support;

/// <summary>API keys every test node is configured with (created once per test run, the way `mobility keys create` does).</summary>
internal static class TestKeys
{
    public static readonly IReadOnlyList<string> Operators = ["op-a", "op-b", "tram-co", "ok-id", "nobody", "metro-bus", "sig-int"];

    public static readonly IReadOnlyList<string> Authorities = ["terr-a", "terr-b"];

    /// <summary>Holders of platform keys (the platform's own operator: territories).</summary>
    public static readonly IReadOnlyList<string> Platforms = ["ops", "ops-b"];

    private static readonly Dictionary<(string Role, string Tenant), (string Key, ApiKeyEntry Entry)> Keys =
        Operators.Select(t => (Roles.Operator, t)).Concat(Authorities.Select(t => (Roles.Authority, t))).Concat(Platforms.Select(t => (Roles.Platform, t)))
            .ToDictionary(k => k, k => ApiKeys.Create(k.Item1, k.Item2));

    /// <summary>The comma-separated Mobility:Auth:ApiKeys value.</summary>
    public static string Setting => string.Join(",", Keys.Values.Select(k => k.Entry.ToString()));

    public static string Key(string role, string tenant) => Keys[(role, tenant)].Key;

    /// <summary>A token for an operator or authority, through POST /auth/token.</summary>
    public static async Task<string> TokenAsync(HttpClient http, string role, string tenant)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative), new { apiKey = Key(role, tenant) }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>A new traveler account through POST /travelers: its id and token.</summary>
    public static async Task<(string TravelerId, string Token)> TravelerAsync(HttpClient http)
    {
        using var response = await http.PostAsync(new Uri("/travelers", UriKind.Relative), null, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        return (root.GetProperty("travelerId").GetString()!, root.GetProperty("token").GetProperty("token").GetString()!);
    }

    /// <summary>An HTTP client on the same node that sends <paramref name="token"/>.</summary>
    public static HttpClient With(this HttpClient http, string? token)
    {
        var client = new HttpClient { BaseAddress = http.BaseAddress, Timeout = http.Timeout };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}

/// <summary>Carpool declaration traffic on a test node, as operators holding real tokens.</summary>
internal static class CarpoolTraffic
{
    public static async Task<Mobility.Node.Cli.Simulate.DeclarationTraffic> StartAsync(HttpClient http, params string[] operators)
    {
        var tokens = new Dictionary<string, string>();
        foreach (var op in operators)
        {
            tokens[op] = await TestKeys.TokenAsync(http, Roles.Operator, op);
        }

        var traffic = new Mobility.Node.Cli.Simulate.DeclarationTraffic(http, tokens);
        await traffic.RegisterOperatorsAsync(TestContext.Current.CancellationToken);
        return traffic;
    }
}

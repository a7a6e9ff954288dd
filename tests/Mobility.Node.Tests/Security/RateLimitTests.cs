using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Security;

/// <summary>The open endpoints' per-client limits, set low through the node's settings.</summary>
public sealed class RateLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Beyond_its_limit_a_client_gets_429_problem_details_with_retry_after_and_other_endpoints_still_answer()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path, new Dictionary<string, string?>
        {
            ["Mobility:RateLimits:AccountsPerMinute"] = "3",
            ["Mobility:RateLimits:PlanPerMinute"] = "2",
        }));
        await node.WaitReadyAsync();

        // Account creation and token exchange share one budget of 3.
        for (var i = 0; i < 2; i++)
        {
            using var created = await node.Http.PostAsync(new Uri("/travelers", UriKind.Relative), null, Ct);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var exchanged = await node.PostAsync("/auth/token", new { apiKey = TestKeys.Key(Mobility.Node.Security.Roles.Operator, "op-a") }))
        {
            Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        }

        await AssertLimitedAsync(await node.Http.PostAsync(new Uri("/travelers", UriKind.Relative), null, Ct), "account");
        await AssertLimitedAsync(await node.PostAsync("/auth/token", new { apiKey = "x" }), "account");

        // /plan has its own budget (this node has no street network: 503, still counted), /plan/area and health none.
        for (var i = 0; i < 2; i++)
        {
            using var plan = await node.GetAsync("/plan?from=45,5&to=45.01,5.01");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, plan.StatusCode);
        }

        await AssertLimitedAsync(await node.GetAsync("/plan?from=45,5&to=45.01,5.01"), "plan");
        for (var i = 0; i < 5; i++)
        {
            using var area = await node.GetAsync("/plan/area");
            Assert.NotEqual(HttpStatusCode.TooManyRequests, area.StatusCode);
            using var ready = await node.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
    }

    [Fact]
    public void Limits_are_validated_settings()
    {
        foreach (var bad in new[] { "-1", "ten", "1000001" })
        {
            var e = Assert.Throws<Mobility.Node.Configuration.StartupException>(() => Mobility.Node.Configuration.NodeSettingsReader.Read(
                new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Mobility:RateLimits:PlanPerMinute"] = bad }).Build()));
            Assert.Equal("Mobility:RateLimits:PlanPerMinute", e.Setting);
        }
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{(int)response.StatusCode}: {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var retry = response.Headers.RetryAfter?.Delta;
            Assert.NotNull(retry);
            Assert.InRange(retry.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal(429, problem.GetProperty("status").GetInt32());
            Assert.Contains(what, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }
}

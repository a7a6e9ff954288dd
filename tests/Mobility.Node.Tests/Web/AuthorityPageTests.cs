using System.Text.Json;
using Microsoft.Playwright;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>The authority's campaign page at /ui/authority.html in Debian's Chromium against a real node, click by click.</summary>
public sealed class AuthorityPageTests(VillageNode village) : IClassFixture<VillageNode>
{
    private const string Campaign = """
        {
          "schema_version": 1,
          "id": "ui-campaign",
          "name": "Campaign written in the page",
          "timezone": "Europe/Paris",
          "validity": { "start": "2026-01-01" },
          "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 150 } } ] } },
          "budjet_cents": 100000
        }
        """;

    [Fact]
    public async Task An_authority_sees_errors_at_their_json_path_then_simulates_creates_and_activates_a_campaign()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // Chromium logs the 400 this test provokes (the misspelt field); the page shows it at its path.
            if (m.Type == "error" && !m.Text.Contains("status of 400", StringComparison.Ordinal))
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{village.Node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/authority.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");

        // An operator's key is not an authority's.
        await page.GetByLabel("Authority API key").FillAsync(TestKeys.Key(Roles.Operator, "op-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#status.error").WaitForAsync();
        Assert.True(await page.Locator("#console").IsHiddenAsync());

        await page.GetByLabel("Authority API key").FillAsync(TestKeys.Key(Roles.Authority, "terr-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));

        // A misspelt field: the error is shown at its JSON path and the editor is marked invalid; nothing is created.
        var editor = page.GetByLabel("Campaign document (JSON, see docs/campaigns.md)");
        await editor.FillAsync(Campaign);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Check and simulate" }).ClickAsync();
        await page.Locator("#errors li code", new PageLocatorOptions { HasText = "$.budjet_cents" }).WaitForAsync();
        Assert.Equal("true", await editor.GetAttributeAsync("aria-invalid"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create the draft" }).ClickAsync();
        await page.Locator("#errors li code", new PageLocatorOptions { HasText = "$.budjet_cents" }).WaitForAsync();
        using var client = await village.Node.ClientAsAsync(Roles.Authority, "terr-a");
        using (var none = await client.GetAsync(new Uri("/authority/terr-a/campaigns/ui-campaign", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, none.StatusCode);
        }

        // Fixed: the what-if runs on the journeys known so far (none on this node), then draft, then active.
        await editor.FillAsync(Campaign.Replace("budjet_cents", "budget_cents", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Check and simulate" }).ClickAsync();
        await page.Locator("#result tr[data-key=journeys]").WaitForAsync();
        Assert.Equal(0, await page.Locator("#errors li").CountAsync());
        Assert.Null(await editor.GetAttributeAsync("aria-invalid"));
        Assert.Equal("0", await page.Locator("#result tr[data-key=journeys] td").Nth(1).TextContentAsync());
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Create the draft" }).ClickAsync();
        await page.Locator("#result tr[data-key=phase] td", new PageLocatorOptions { HasText = "draft" }).WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Activate" }).ClickAsync();
        await page.Locator("#result tr[data-key=phase] td", new PageLocatorOptions { HasText = "active" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("authority-campaign.png"), FullPage = true });
        var campaign = JsonDocument.Parse(await client.GetStringAsync(new Uri("/authority/terr-a/campaigns/ui-campaign", UriKind.Relative), TestContext.Current.CancellationToken)).RootElement;
        Assert.Equal("active", campaign.GetProperty("phase").GetString());
        Assert.Empty(errors);
    }
}

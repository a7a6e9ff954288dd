using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>
/// The authority page's review of the territory's journeys, its fraud flag, a campaign's settlement and its closing,
/// click by click in Debian's Chromium against a real node; every change is then read back from the API.
/// </summary>
public sealed class AuthorityReviewPageTests(VillageNode village) : IClassFixture<VillageNode>
{
    private const string Operator = "tram-co";

    private const string Campaign = """
        {
          "schema_version": 1,
          "id": "review-campaign",
          "name": "Reviewed in the page",
          "timezone": "Europe/Paris",
          "validity": { "start": "2026-01-01" },
          "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 150 } } ] } },
          "budget_cents": 100000
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_authority_flags_a_journey_as_fraud_verifies_another_reads_a_settlement_and_closes_the_campaign()
    {
        // Two journeys declared by an operator, a campaign active over them.
        using var traffic = await CarpoolTraffic.StartAsync(village.Node.Http, Operator);
        var ids = new List<string>();
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        for (var i = 0; i < 2; i++)
        {
            var d = traffic.Journey(traffic.Operators[0], await traffic.NewPersonAsync(Ct), await traffic.NewPersonAsync(Ct), start.AddMinutes(i * 70));
            using var declared = await traffic.DeclareAsync(d, Ct);
            Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
            ids.Add(d.Journey.OperatorJourneyId);
        }

        using var authority = await village.Node.ClientAsAsync(Roles.Authority, "terr-a");
        using (var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(Campaign, System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var activated = await authority.PostAsync(new Uri("/authority/terr-a/campaigns/review-campaign/activate", UriKind.Relative), null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, activated.StatusCode);
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync($"{village.Node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/authority.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.GetByLabel("Authority API key").FillAsync(TestKeys.Key(Roles.Authority, "terr-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();

        // The journeys of the territory, with their proof class and status.
        await page.GetByLabel("Operator (empty: all)").FillAsync(Operator);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show journeys" }).ClickAsync();
        var rows = page.Locator("#journeys tbody tr");
        await page.Locator($"#journeys tr[data-journey='{ids[1]}']").WaitForAsync();
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("C", await page.Locator($"#journeys tr[data-journey='{ids[0]}'] td").Nth(3).TextContentAsync());
        Assert.Equal("ok", await page.Locator($"#journeys tr[data-journey='{ids[0]}'] td").Nth(4).TextContentAsync());

        // The first is flagged as fraud with a reason: the table and the API say it is revoked.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Flag as fraud: {Operator}/{ids[0]}" }).ClickAsync();
        Assert.Equal("fraud-reason", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.GetByLabel("Reason (kept in the log)").FillAsync("same car seen in two towns");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Flag as fraud", Exact = true }).ClickAsync();
        await page.Locator($"#journeys tr[data-journey='{ids[0]}'][data-status=fraud_error]").WaitForAsync();
        Assert.Contains("revoked at leaf", await page.Locator($"#journeys tr[data-journey='{ids[0]}'] td").Nth(4).TextContentAsync(), StringComparison.Ordinal);
        var flagged = JsonNode.Parse(await authority.GetStringAsync(new Uri($"/authority/journeys/{Operator}/{ids[0]}", UriKind.Relative), Ct))!;
        Assert.Equal("fraud_error", (string?)flagged["status"]);
        Assert.True((bool)flagged["revoked"]!);
        Assert.Equal("same car seen in two towns", (string?)flagged["revocation_reason"]);

        // The review queue filtered on fraud shows that one only.
        await page.GetByLabel("Status", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("fraud_error");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show journeys" }).ClickAsync();
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#journeys tbody tr').length === 1");
        Assert.Equal(ids[0], await rows.First.GetAttributeAsync("data-journey"));

        // Its attestation still carries a valid signature and inclusion proof, but the page finds the status-change
        // leaf that revokes it (proven in the signed log) and says so.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Verify its attestation: {Operator}/{ids[0]}" }).ClickAsync();
        await page.Locator("#verdict[data-result=revoked]").WaitForAsync();
        // The status leaf is sealed: the page proves the revocation, not its reason (the journey table shows the status).
        Assert.Contains("revoked (sealed)", await page.Locator("#verdict").TextContentAsync(), StringComparison.Ordinal);
        var revokedText = await page.Locator("#verdict").TextContentAsync();
        Assert.True(revokedText!.Contains($"leaf {(long)flagged["revocation_leaf_index"]!}:", StringComparison.Ordinal), $"{flagged["revocation_leaf_index"]} vs {revokedText}");

        // The other journey's attestation, fetched from the node, verifies in the page.
        await page.GetByLabel("Status", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync("ok");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show journeys" }).ClickAsync();
        await page.Locator($"#journeys tr[data-journey='{ids[1]}']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Verify its attestation: {Operator}/{ids[1]}" }).ClickAsync();
        await page.Locator("#verdict[data-result=valid]").WaitForAsync();
        Assert.Equal(ids[1], await page.Locator("#verdict dd[data-fact=journey]").TextContentAsync());
        Assert.StartsWith("none among the", await page.Locator("#verdict dd[data-fact=revocation]").TextContentAsync(), StringComparison.Ordinal);

        // The operator's settlement for the month of the journeys: the page shows the node's totals; the CSV downloads.
        var month = start.UtcDateTime.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await page.GetByLabel("Campaign id").FillAsync("review-campaign");
        await page.GetByLabel("Month").FillAsync(month);
        await page.GetByLabel("Operator", new PageGetByLabelOptions { Exact = true }).FillAsync(Operator);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the settlement" }).ClickAsync();
        await page.Locator("#result tr[data-key=total_cents]").WaitForAsync();
        var settlement = JsonNode.Parse(await authority.GetStringAsync(new Uri($"/authority/terr-a/campaigns/review-campaign/settlements/{month}/{Operator}", UriKind.Relative), Ct))!;
        Assert.Equal(((long)settlement["total_cents"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#result tr[data-key=total_cents] td").Nth(1).TextContentAsync());
        Assert.Equal(1, (int)settlement["line_count"]!); // the flagged journey no longer counts
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Download the signed CSV" }).ClickAsync());
        Assert.Equal($"settlement-review-campaign-{month}-{Operator}.csv", download.SuggestedFilename);
        var csv = await File.ReadAllTextAsync(await download.PathAsync(), Ct);
        Assert.Equal(await authority.GetStringAsync(new Uri($"/authority/terr-a/campaigns/review-campaign/settlements/{month}/{Operator}?format=csv", UriKind.Relative), Ct), csv);
        Assert.Contains(ids[1], csv, StringComparison.Ordinal);
        Assert.DoesNotContain(ids[0], csv, StringComparison.Ordinal);

        // Closed for good, after the confirmation.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Close for good" }).ClickAsync();
        await page.Locator("#result tr[data-key=phase] td", new PageLocatorOptions { HasText = "closed" }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("authority-review.png"), FullPage = true });
        var campaign = JsonNode.Parse(await authority.GetStringAsync(new Uri("/authority/terr-a/campaigns/review-campaign", UriKind.Relative), Ct))!;
        Assert.Equal("closed", (string?)campaign["phase"]);

        // In French, the journey rows are written again.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Français" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Vérifier son attestation: {Operator}/{ids[1]}" }).WaitForAsync();
        Assert.Equal("Trajets et examen des fraudes", await page.Locator("#journeys-title").TextContentAsync());
        Assert.Empty(errors);
    }
}

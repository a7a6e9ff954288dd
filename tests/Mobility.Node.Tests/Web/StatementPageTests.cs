using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>Issue 15: the operator console shows its line of a month's clearing statement and downloads the signed statement as the API answers it.</summary>
public sealed class StatementPageTests : IAsyncLifetime
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
    public async Task The_authority_sees_a_months_draft_issues_it_once_in_the_page_and_the_operators_lines_match_the_api()
    {
        var month = await RidesLastMonthAsync("q", 3);
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"{_node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/authority.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.GetByLabel("Authority API key").FillAsync(TestKeys.Key(Roles.Authority, "terr-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();
        await page.GetByLabel("Clearing period").FillAsync(month);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the statement" }).ClickAsync();
        await page.Locator("#clearing tr[data-operator='tram-co']").WaitForAsync();
        Assert.Contains("5.97 EUR", await page.Locator("#clearing tr[data-operator='tram-co']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("Not issued yet", await page.Locator("#clearing-state").TextContentAsync(), StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Issue it" }).ClickAsync();
        await page.Locator("#clearing-state", new PageLocatorOptions { HasTextString = "Issued" }).WaitForAsync();
        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        var api = await authority.GetFromJsonAsync<JsonElement>(new Uri($"/authority/clearing/{month}", UriKind.Relative), Ct);
        Assert.Contains(api.GetProperty("issued").GetProperty("sha256").GetString()!, await page.Locator("#clearing-state").TextContentAsync(), StringComparison.Ordinal);
    }

    /// <summary>Metro rides of one traveler at tram-co's gates on the 12th of last month (Paris); returns that month.</summary>
    private async Task<string> RidesLastMonthAsync(string prefix, int rides)
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        using var traveler = _node.Http.With(token);
        var medium = (await traveler.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct)).GetProperty("medium").GetString();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
        var day = new DateOnly(today.Year, today.Month, 12).AddMonths(-1);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), Paris.GetUtcOffset(day.ToDateTime(new TimeOnly(9, 0))));
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        (await tram.PostAsJsonAsync(new Uri("/operators/tram-co/taps", UriKind.Relative), new
        {
            taps = Enumerable.Range(0, rides).Select(i => new { id = prefix + i, time = at.AddHours(3 * i), medium, fare = 199, tier = "metro" }).ToArray(),
        }, Ct)).EnsureSuccessStatusCode();
        return day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task The_operator_reads_its_monthly_statement_line_and_downloads_the_signed_statement()
    {
        // Last month: two metro rides at tram-co's gates, the month's statement issued by the authority.
        var month = await RidesLastMonthAsync("s", 2);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
        using var tram = await _node.ClientAsAsync(Roles.Operator, "tram-co");
        using var authority = await _node.ClientAsAsync(Roles.Authority, "terr-a");
        (await authority.PostAsync(new Uri($"/authority/clearing/{month}", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        (await tram.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "tram-co", name = "Tram Co" }, Ct)).EnsureSuccessStatusCode();
        var api = await tram.GetFromJsonAsync<JsonElement>(new Uri($"/operators/tram-co/statements/{month}", UriKind.Relative), Ct);

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { AcceptDownloads = true });
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        await page.GotoAsync($"{_node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/operator.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.GetByLabel("Operator API key").FillAsync(TestKeys.Key(Roles.Operator, "tram-co"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();
        await page.GetByLabel("Month of the statement").FillAsync(month);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show", Exact = true }).ClickAsync();
        await page.Locator("#statement-download").WaitForAsync();
        var shown = await page.Locator("#statement").InnerTextAsync();
        Assert.Contains("3.98 EUR", shown, StringComparison.Ordinal);
        Assert.Contains(api.GetProperty("statement").GetProperty("sha256").GetString()!, shown, StringComparison.Ordinal);

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#statement-download").ClickAsync());
        var saved = Browser.ScreenshotPath($"clearing-{month}.json");
        await download.SaveAsAsync(saved);
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(saved, Ct));
        Assert.Equal(api.GetProperty("statement").GetProperty("statement").GetString(), file.RootElement.GetProperty("statement").GetString());
        Assert.Equal(api.GetProperty("statement").GetProperty("signature").GetString(), file.RootElement.GetProperty("signature").GetString());

        // A month with no statement is answered in words.
        await page.GetByLabel("Month of the statement").FillAsync(today.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show", Exact = true }).ClickAsync();
        await page.Locator("#status.error").WaitForAsync();
        Assert.Contains("No clearing statement", await page.Locator("#status").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#statement-download").IsHiddenAsync());
        Assert.All(errors, e => Assert.Contains("404", e, StringComparison.Ordinal)); // the refused month's request, and nothing else
    }
}

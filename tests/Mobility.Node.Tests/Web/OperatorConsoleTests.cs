using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>The operator console at /ui/operator.html in Debian's Chromium against a real node, click by click.</summary>
public sealed class OperatorConsoleTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_operator_signs_in_with_its_key_registers_sees_its_feeds_publishes_answers_a_waiting_trip_and_withdraws_an_offer()
    {
        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // Chromium logs the refusals this test provokes (401 for the wrong key, 404 before registering); the page shows them.
            if (m.Type == "error" && !m.Text.Contains("status of 401", StringComparison.Ordinal) && !m.Text.Contains("status of 404", StringComparison.Ordinal))
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        var node = village.Node.Host.HttpAddress.ToString().TrimEnd('/');
        await page.GotoAsync($"{node}/ui/operator.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");

        // A wrong key is refused in words and nothing is shown.
        await page.GetByLabel("Operator API key").FillAsync("mk_not-a-key");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#status.error").WaitForAsync();
        Assert.True(await page.Locator("#console").IsHiddenAsync());

        // The operator's key: not registered yet, so the console asks for its name first.
        await page.GetByLabel("Operator API key").FillAsync(TestKeys.Key(Roles.Operator, "op-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Operator name").FillAsync("Pool A");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Register" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();
        Assert.Contains("op-a", await page.Locator("#who").TextContentAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#signin").IsHiddenAsync());
        Assert.True(await page.Locator("#register").IsHiddenAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));
        Assert.DoesNotContain("mk_", await page.ContentAsync(), StringComparison.Ordinal);

        // Publish an offer through the form; it is listed, and the API has it.
        var area = village.Area;
        var start = DateTime.Now.AddHours(1);
        await page.GetByLabel("Offer", new PageGetByLabelOptions { Exact = true }).FillAsync("ride-ui-1");
        await page.GetByLabel("Origin (lat,lon)").FillAsync(string.Create(CultureInfo.InvariantCulture, $"{area.MinLat + 0.001},{area.MinLon + 0.001}"));
        await page.GetByLabel("Destination (lat,lon)").FillAsync(string.Create(CultureInfo.InvariantCulture, $"{area.MaxLat - 0.001},{area.MaxLon - 0.001}"));
        await page.GetByLabel("Leaves from").FillAsync(start.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.GetByLabel("Leaves until").FillAsync(start.AddHours(1).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        await page.Locator("#publish button[type=submit]").ClickAsync();
        await page.Locator("tr[data-offer='ride-ui-1']").WaitForAsync();
        Assert.Contains("Published", await page.Locator("#status").TextContentAsync(), StringComparison.Ordinal);
        using var client = await village.Node.ClientAsAsync(Roles.Operator, "op-a");
        var offers = JsonDocument.Parse(await client.GetStringAsync(new Uri("/operators/op-a/offers", UriKind.Relative), Ct)).RootElement;
        Assert.Equal("ride-ui-1", Assert.Single(offers.EnumerateArray()).GetProperty("offerId").GetString());

        // A traveler books a seat of it and commits: the trip waits for op-a's answer; the console lists it, op-a
        // accepts it with a click, and the traveler's trip is confirmed.
        Assert.True(await page.Locator("#none-waiting").IsVisibleAsync());
        var (_, travelerToken) = await TestKeys.TravelerAsync(village.Node.Http);
        using var traveler = village.Node.Http.With(travelerToken);
        using var booking = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative))
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = "ride-ui-1", seats = 2 } } }),
        };
        booking.Headers.Add("Idempotency-Key", "ui-booking-1");
        using var booked = await traveler.SendAsync(booking, Ct);
        var tripId = JsonDocument.Parse(await booked.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
        (await traveler.PostAsync(new Uri($"/trips/{tripId}/commit", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await page.Locator("#refresh-waiting").ClickAsync();
        await page.Locator($"tr[data-trip='{tripId}']").WaitForAsync();
        Assert.Contains("ride-ui-1", await page.Locator($"tr[data-trip='{tripId}']").TextContentAsync(), StringComparison.Ordinal);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Accept {tripId}" }).ClickAsync();
        await page.Locator($"tr[data-trip='{tripId}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.Locator("#status", new PageLocatorOptions { HasTextString = "Accepted" }).WaitForAsync();
        var trip = JsonDocument.Parse(await traveler.GetStringAsync(new Uri($"/trips/{tripId}", UriKind.Relative), Ct)).RootElement;
        Assert.Equal("confirmed", trip.GetProperty("status").GetString());

        // Feeds: one registered through the API shows with its poll state after a reload of the list (sign in again).
        using var feed = await client.PostAsJsonAsync(new Uri("/operators/op-a/feeds", UriKind.Relative), new { kind = "gbfs", url = "http://127.0.0.1:9/gbfs.json" }, Ct);
        Assert.True(feed.IsSuccessStatusCode, await feed.Content.ReadAsStringAsync(Ct));
        await page.Locator("#signout").ClickAsync();
        Assert.True(await page.Locator("#console").IsHiddenAsync());
        await page.GetByLabel("Operator API key").FillAsync(TestKeys.Key(Roles.Operator, "op-a"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "http://127.0.0.1:9/gbfs.json", Exact = true }).WaitForAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("operator-console.png"), FullPage = true });

        // Withdraw it: gone from the list and from the API.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Withdraw ride-ui-1" }).ClickAsync();
        await page.Locator("tr[data-offer='ride-ui-1']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        offers = JsonDocument.Parse(await client.GetStringAsync(new Uri("/operators/op-a/offers", UriKind.Relative), Ct)).RootElement;
        Assert.Empty(offers.EnumerateArray());
        Assert.Empty(errors);
    }
}

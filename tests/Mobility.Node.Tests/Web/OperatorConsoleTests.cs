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

    [Fact]
    public async Task An_operator_sees_its_declared_journeys_with_proof_class_failed_rules_and_status_and_no_other_operators()
    {
        // metro-bus declares a journey, then one that carries the same passenger a minute later in another car (the
        // temporal overlap rule fails); another operator declares one too.
        using var traffic = await CarpoolTraffic.StartAsync(village.Node.Http, "metro-bus", "sig-int");
        var (own, other) = (traffic.Operators[0], traffic.Operators[1]);
        var passenger = await traffic.NewPersonAsync(Ct);
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        var ids = new List<string>();
        foreach (var (op, at, rider) in new[] { (own, start, passenger), (own, start.AddMinutes(1), passenger), (other, start.AddHours(-5), await traffic.NewPersonAsync(Ct)) })
        {
            var d = traffic.Journey(op, await traffic.NewPersonAsync(Ct), rider, at);
            using var declared = await traffic.DeclareAsync(d, Ct);
            Assert.True(declared.IsSuccessStatusCode, await declared.Content.ReadAsStringAsync(Ct));
            ids.Add(d.Journey.OperatorJourneyId);
        }

        using var client = await village.Node.ClientAsAsync(Roles.Operator, "metro-bus");
        using (var registered = await client.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "metro-bus", name = "Metro Bus" }, Ct))
        {
            Assert.True(registered.IsSuccessStatusCode, await registered.Content.ReadAsStringAsync(Ct));
        }

        var listed = JsonDocument.Parse(await client.GetStringAsync(new Uri("/v3/journeys", UriKind.Relative), Ct)).RootElement.GetProperty("journeys");
        Assert.Equal(2, listed.GetArrayLength());
        Assert.Contains(listed.EnumerateArray(), j => j.GetProperty("labels").GetArrayLength() > 0);

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
        await page.GotoAsync($"{village.Node.Host.HttpAddress.ToString().TrimEnd('/')}/ui/operator.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");
        await page.GetByLabel("Operator API key").FillAsync(TestKeys.Key(Roles.Operator, "metro-bus"));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();

        // Its two journeys, each as the API states it; the other operator's is not there.
        await page.Locator($"#journeys tr[data-journey='{ids[1]}']").WaitForAsync();
        Assert.Equal(2, await page.Locator("#journeys tbody tr").CountAsync());
        Assert.Equal(0, await page.Locator($"#journeys tr[data-journey='{ids[2]}']").CountAsync());
        foreach (var j in listed.EnumerateArray())
        {
            var cells = page.Locator($"#journeys tr[data-journey='{j.GetProperty("operator_journey_id").GetString()}'] td");
            Assert.Equal("metro-bus", await cells.Nth(0).TextContentAsync());
            Assert.Equal(j.GetProperty("proof_class").GetString(), await cells.Nth(3).TextContentAsync());
            Assert.StartsWith(j.GetProperty("status").GetString()!, await cells.Nth(4).TextContentAsync(), StringComparison.Ordinal);
            Assert.Equal(string.Join(", ", j.GetProperty("labels").EnumerateArray().Select(l => l.GetString())), await cells.Nth(5).TextContentAsync());
            Assert.Equal(j.GetProperty("leaf_index").GetInt64().ToString(CultureInfo.InvariantCulture), await cells.Nth(6).TextContentAsync());
        }

        // Filtered on a status: only the journeys the node has with that status.
        var firstStatus = listed[0].GetProperty("status").GetString()!;
        var expected = listed.EnumerateArray().Count(j => j.GetProperty("status").GetString() == firstStatus);
        await page.GetByLabel("Status", new PageGetByLabelOptions { Exact = true }).SelectOptionAsync(firstStatus);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show journeys" }).ClickAsync();
        await page.WaitForFunctionAsync($"() => [...document.querySelectorAll('#journeys tbody tr')].every(r => r.dataset.status === '{firstStatus}')");
        Assert.Equal(expected, await page.Locator("#journeys tbody tr").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("operator-journeys.png"), FullPage = true });
        Assert.Empty(errors);
    }
}

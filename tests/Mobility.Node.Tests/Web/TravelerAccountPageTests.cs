using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Web;

/// <summary>
/// The traveler's page at /ui/me.html in Debian's Chromium against a real node: signed in with the account key, its
/// trip, its incentive and its carpool attestation as the API has them, the attestation verified in the page and
/// downloaded, then shown revoked once its operator cancels the journey.
/// </summary>
public sealed class TravelerAccountPageTests(VillageNode village) : IClassFixture<VillageNode>
{
    private const string Operator = "ok-id";

    private const string Campaign = """
        {
          "schema_version": 1,
          "id": "drivers-bonus",
          "name": "Drivers' bonus",
          "timezone": "Europe/Paris",
          "validity": { "start": "2026-01-01" },
          "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 150 } } ] } },
          "budget_cents": 100000
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_traveler_sees_its_trip_incentive_and_attestation_verifies_and_downloads_it_then_sees_it_revoked()
    {
        var http = village.Node.Http;
        using var account = await http.PostAsync(new Uri("/travelers", UriKind.Relative), null, Ct);
        var created = JsonNode.Parse(await account.Content.ReadAsStringAsync(Ct))!;
        var (travelerId, accountKey, travelerToken) = ((string)created["travelerId"]!, (string)created["accountKey"]!, (string)created["token"]!["token"]!);
        using var traveler = http.With(travelerToken);

        // A carpool journey in which the traveler drove: its app linked the account; a campaign pays drivers.
        using var traffic = await CarpoolTraffic.StartAsync(http, Operator);
        var driver = await traffic.NewPersonAsync(Ct);
        using (var linked = await traffic.LinkTravelerAsync(driver, travelerId, travelerToken, Ct))
        {
            Assert.True(linked.IsSuccessStatusCode, await linked.Content.ReadAsStringAsync(Ct));
        }

        var d = traffic.Journey(traffic.Operators[0], driver, await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2));
        using (var declared = await traffic.DeclareAsync(d, Ct))
        {
            Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        }

        var journeyId = d.Journey.OperatorJourneyId;
        using var authority = await village.Node.ClientAsAsync(Roles.Authority, "terr-a");
        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(Campaign, System.Text.Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/drivers-bonus/activate", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();

        // A trip booked on the operator's carpool offer.
        using var op = await village.Node.ClientAsAsync(Roles.Operator, Operator);
        (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = Operator, name = "OK" }, Ct)).EnsureSuccessStatusCode();
        var area = village.Area;
        var depart = DateTimeOffset.UtcNow.AddHours(1);
        var offer = new
        {
            offerId = "ride-me-1",
            origin = new { lat = area.MinLat + 0.001, lon = area.MinLon + 0.001 },
            destination = new { lat = area.MaxLat - 0.001, lon = area.MaxLon - 0.001 },
            departEarliest = depart.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            departLatest = depart.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            seats = 3,
            maxDetourMinutes = 10,
            price = new { currency = "EUR", baseCents = 100, perKmCents = 10 },
        };
        using (var published = await op.PostAsJsonAsync(new Uri($"/operators/{Operator}/offers", UriKind.Relative), offer, Ct))
        {
            Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync(Ct));
        }

        using var booking = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative))
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "carpool", operatorId = Operator, resourceId = "ride-me-1", seats = 1 } } }),
        };
        booking.Headers.Add("Idempotency-Key", "me-booking-1");
        using var booked = await traveler.SendAsync(booking, Ct);
        Assert.True(booked.IsSuccessStatusCode, await booked.Content.ReadAsStringAsync(Ct));
        var tripId = (string)JsonNode.Parse(await booked.Content.ReadAsStringAsync(Ct))!["id"]!;

        // One metro ride a minute ago on the traveler's app medium: the page shows the day cap 1.99 of 12.00 spent.
        var medium = (string)JsonNode.Parse(await traveler.GetStringAsync(new Uri("/me/account", UriKind.Relative), Ct))!["medium"]!;
        using (var tapped = await op.PostAsJsonAsync(new Uri($"/operators/{Operator}/taps", UriKind.Relative),
            new { taps = new[] { new { id = "me-tap-1", time = DateTimeOffset.UtcNow.AddMinutes(-1), medium, fare = 199, tier = "metro" } } }, Ct))
        {
            Assert.True(tapped.IsSuccessStatusCode, await tapped.Content.ReadAsStringAsync(Ct));
        }

        var (playwright, browser) = await Browser.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) =>
        {
            // The operator's key refused below is a 200 from /auth/token: no HTTP error is expected at all.
            if (m.Type == "error")
            {
                errors.Add(m.Text);
            }
        };
        page.PageError += (_, e) => errors.Add(e);
        await page.GotoAsync($"{http.BaseAddress!.ToString().TrimEnd('/')}/ui/me.html?lang=en");
        await page.WaitForSelectorAsync("body[data-ready=true]");

        // An operator's key is not a traveler's.
        var key = page.GetByLabel("Your account key (mt_…)");
        await key.FillAsync(TestKeys.Key(Roles.Operator, Operator));
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#status.error").WaitForAsync();
        Assert.True(await page.Locator("#console").IsHiddenAsync());

        await key.FillAsync(accountKey);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await page.Locator("#console").WaitForAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length"));

        // The fare caps, from GET /me/account.
        await page.Locator("#caps tr[data-period='day']").WaitForAsync();
        Assert.Equal(["Today", "1.99", "12.00", "10.01"], (await page.Locator("#caps tr[data-period='day'] td").AllTextContentsAsync()).Take(4));
        Assert.Equal(199, await page.Locator("#caps tr[data-period='day'] meter").EvaluateAsync<double>("m => m.value"), 6);
        Assert.Equal("1.99 EUR", await page.Locator("#caps-charged").TextContentAsync());

        // The trip, as the API has it.
        await page.Locator($"#trips tr[data-trip='{tripId}']").WaitForAsync();
        var trip = JsonNode.Parse(await traveler.GetStringAsync(new Uri($"/trips/{tripId}", UriKind.Relative), Ct))!;
        Assert.Equal((string?)trip["status"], await page.Locator($"#trips tr[data-trip='{tripId}'] td").Nth(2).TextContentAsync());
        Assert.Contains("ride-me-1", await page.Locator($"#trips tr[data-trip='{tripId}']").TextContentAsync(), StringComparison.Ordinal);

        // The incentive the campaign awarded to the driver, and the total.
        var incentives = JsonNode.Parse(await traveler.GetStringAsync(new Uri("/v3/me/incentives", UriKind.Relative), Ct))!;
        var award = incentives["campaigns"]!.AsArray().Single(c => (string?)c!["campaign"] == "drivers-bonus")!["incentives"]!.AsArray().Single()!;
        var cents = (long)award["amount_cents"]!;
        Assert.True(cents > 0);
        var money = (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        await page.Locator($"#incentives tr[data-journey='{journeyId}']").WaitForAsync();
        Assert.Equal(money, await page.Locator($"#incentives tr[data-journey='{journeyId}'] td").Nth(4).TextContentAsync());
        Assert.Equal("driver", await page.Locator($"#incentives tr[data-journey='{journeyId}'] td").Nth(3).TextContentAsync());
        Assert.Equal(money, await page.Locator("#incentives-total").TextContentAsync());

        // The attestation verifies in the page (127.0.0.1 is a secure context: WebCrypto), and downloads as the API's JSON.
        var row = page.Locator($"#attestations tr[data-journey='{journeyId}']");
        await row.WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Verify: {Operator}/{journeyId}" }).ClickAsync();
        await row.Locator("td.verdict[data-result=valid]").WaitForAsync();
        Assert.Equal("webcrypto", await row.Locator("td.verdict").GetAttributeAsync("data-engine"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Download: {Operator}/{journeyId}" }).ClickAsync());
        Assert.Equal($"attestation-{Operator}-{journeyId}.json", download.SuggestedFilename);
        var fromApi = JsonNode.Parse(await traveler.GetStringAsync(new Uri("/v3/me/attestations", UriKind.Relative), Ct))!["attestations"]!.AsArray()
            .Single(a => (string?)a!["operator_journey_id"] == journeyId)!["attestation"];
        Assert.True(JsonNode.DeepEquals(fromApi, JsonNode.Parse(await File.ReadAllTextAsync(await download.PathAsync(), Ct))));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Browser.ScreenshotPath("traveler-account.png"), FullPage = true });

        // The operator cancels the journey: after a refresh the page says revoked, signature and log proof notwithstanding.
        using (var canceled = await traffic.SendAsync(HttpMethod.Post, $"/v3/journeys/{journeyId}/cancel", Operator, null, Ct))
        {
            Assert.True(canceled.IsSuccessStatusCode, await canceled.Content.ReadAsStringAsync(Ct));
        }

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Refresh" }).ClickAsync();
        await row.Locator("td", new LocatorLocatorOptions { HasText = "revoked" }).First.WaitForAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Verify: {Operator}/{journeyId}" }).ClickAsync();
        await row.Locator("td.verdict[data-result=revoked]").WaitForAsync();
        Assert.Contains("canceled", await row.Locator("td.verdict").TextContentAsync(), StringComparison.Ordinal);

        // In French, the rows too; the keyboard reaches the row's verify button.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Français" }).ClickAsync();
        await page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Mes trajets et attestations" }).WaitForAsync();
        var verifyFr = page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Vérifier: {Operator}/{journeyId}" });
        await verifyFr.WaitForAsync();
        // The canceled journey no longer counts for the campaign: its incentive is gone.
        Assert.Equal("Aucune incitation pour l'instant.", await page.Locator("#no-incentives").TextContentAsync());
        Assert.True(await page.Locator("#no-incentives").IsVisibleAsync());
        await verifyFr.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await row.Locator("td.verdict[data-result=revoked]", new LocatorLocatorOptions { HasText = "révoquée" }).WaitForAsync();
        Assert.Empty(errors);
    }
}

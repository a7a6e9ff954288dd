using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Mobility.Node.Api;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;
using Mobility.Routing.Planning.Ranking;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Routing.Gtfs;

namespace Mobility.Node.Tests.Api;

/// <summary>GET /plan over real HTTP with the node's live state: the demo city's GBFS, offers published through the operator API.</summary>
public sealed class PlanMultimodalEndpointTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Point(double lat, double lon) => string.Create(CultureInfo.InvariantCulture, $"{lat:0.######},{lon:0.######}");

    private async Task<JsonElement> PlanAsync(string query)
    {
        using var response = await village.Node.GetAsync("/plan?" + query);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var root = JsonDocument.Parse(body).RootElement;
        var policy = root.GetProperty("policy");
        Assert.Equal(RankingPolicy.Default.Reference.Sha256, policy.GetProperty("sha256").GetString());
        Assert.Equal(RankingPolicy.Default.Reference.Version, policy.GetProperty("version").GetString());
        var costs = root.GetProperty("itineraries").EnumerateArray().Select(i => i.GetProperty("cost").GetDouble()).ToList();
        Assert.Equal(costs.Order(), costs); // best first
        return root;
    }

    [Fact]
    public async Task A_plan_rides_a_shared_vehicle_of_the_demo_gbfs_priced_from_its_plan()
    {
        var live = Path.Combine(village.CityFolder, PlanMobility.DemoLiveGbfsFolder);
        var load = await GbfsReader.ReadFolderAsync(live, TimeProvider.System, cancellationToken: Ct);
        Assert.True(load.Succeeded, string.Join("; ", load.Errors)); // republished live: fresh under the default ttl policy
        var gbfs = load.Snapshot!;
        var pairs = (from a in gbfs.Stations
                     where gbfs.VehicleTypes.Keys.Any(t => a.AvailableFor(t) > 0)
                     from b in gbfs.Stations
                     let d = Geo.HaversineMeters(a.Latitude, a.Longitude, b.Latitude, b.Longitude)
                     where d is > 400 and < 2500
                     orderby d descending, a.Id.Value, b.Id.Value
                     select (a, b)).Take(4).ToList();
        Assert.NotEmpty(pairs);

        var rides = 0;
        foreach (var (a, b) in pairs)
        {
            var root = await PlanAsync($"from={Point(a.Latitude + 0.0003, a.Longitude)}&to={Point(b.Latitude - 0.0003, b.Longitude)}&depart={village.Tuesday8}&modes=walk,bikeshare");
            Assert.Equal(["walk", "bikeshare"], root.GetProperty("modes").EnumerateArray().Select(m => m.GetString()));
            foreach (var leg in root.GetProperty("itineraries").EnumerateArray().SelectMany(i => i.GetProperty("legs").EnumerateArray()))
            {
                var mode = leg.GetProperty("mode").GetString();
                if (mode is not ("bikeshare" or "scooter"))
                {
                    continue;
                }

                rides++;
                Assert.Equal(gbfs.System.SystemId, leg.GetProperty("operator").GetString());
                Assert.False(string.IsNullOrEmpty(leg.GetProperty("vehicleType").GetString()));
                Assert.True(leg.GetProperty("price").GetDecimal() >= 0);
                Assert.Matches("^[A-Z]{3}$", leg.GetProperty("currency").GetString()!);
                Assert.True(leg.GetProperty("co2Grams").GetDouble() >= 0);
                if (leg.GetProperty("from").GetProperty("stopId").GetString() is { } station)
                {
                    Assert.StartsWith("gbfs:", station, StringComparison.Ordinal);
                    Assert.Contains(gbfs.Stations, s => "gbfs:" + s.Id.Value == station && gbfs.VehicleTypes.Keys.Any(t => s.AvailableFor(t) > 0));
                }
            }
        }

        Assert.True(rides > 0, "no itinerary used a shared vehicle between the stations farthest apart");
        var area = JsonDocument.Parse(await (await village.Node.GetAsync("/plan/area")).Content.ReadAsStringAsync(Ct)).RootElement;
        var system = Assert.Single(area.GetProperty("sharedSystems").EnumerateArray());
        Assert.Equal(gbfs.System.SystemId, system.GetProperty("systemId").GetString());
        Assert.Equal(JsonValueKind.Null, system.GetProperty("stale").ValueKind);
    }

    [Fact]
    public async Task An_offer_published_through_the_operator_api_becomes_a_carpool_leg_with_its_operator_and_price()
    {
        var (minLat, minLon, maxLat, maxLon) = village.Area;
        double Lat(double f) => minLat + ((maxLat - minLat) * f);
        double Lon(double f) => minLon + ((maxLon - minLon) * f);
        using var op = await village.Node.ClientAsAsync(Roles.Operator, "tram-co");
        (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "tram-co", name = "Tram Co carpool" }, Ct)).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var offer = new
        {
            offerId = "plan-ride-1",
            origin = new { lat = Lat(0.15), lon = Lon(0.15) },
            destination = new { lat = Lat(0.85), lon = Lon(0.85) },
            departEarliest = now.AddMinutes(20),
            departLatest = now.AddMinutes(60),
            seats = 2,
            maxDetourMinutes = 20,
            price = new { currency = "EUR", baseCents = 150, perKmCents = 12 },
        };
        using var published = await op.PostAsJsonAsync(new Uri("/operators/tram-co/offers", UriKind.Relative), offer, Ct);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync(Ct));

        // Replicated by Distributed Data to the node's board, then read by the planner.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            var area = JsonDocument.Parse(await (await village.Node.GetAsync("/plan/area")).Content.ReadAsStringAsync(Ct)).RootElement;
            if (area.GetProperty("carpoolOffers").GetInt32() > 0)
            {
                break;
            }

            await Task.Delay(50, Ct);
        }

        var depart = now.AddMinutes(25).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var root = await PlanAsync($"from={Point(Lat(0.25), Lon(0.25))}&to={Point(Lat(0.75), Lon(0.75))}&depart={depart}&modes=walk,carpool");
        var carpool = root.GetProperty("itineraries").EnumerateArray()
            .Where(i => i.GetProperty("legs").EnumerateArray().Any(l => l.GetProperty("mode").GetString() == "carpool")).ToList();
        Assert.True(carpool.Count > 0, root.ToString());
        foreach (var itinerary in carpool)
        {
            var leg = itinerary.GetProperty("legs").EnumerateArray().Single(l => l.GetProperty("mode").GetString() == "carpool");
            Assert.Equal("tram-co", leg.GetProperty("operator").GetString());
            Assert.Equal("plan-ride-1", leg.GetProperty("tripId").GetString());
            var km = leg.GetProperty("distanceMeters").GetDouble() / 1000.0;
            Assert.Equal(Math.Round(1.50m + (0.12m * (decimal)km), 2), leg.GetProperty("price").GetDecimal(), 2);
            Assert.Equal("EUR", leg.GetProperty("currency").GetString());
            Assert.True(leg.GetProperty("co2Grams").GetDouble() > 0);
            Assert.True(DateTimeOffset.Parse(leg.GetProperty("departure").GetString()!, CultureInfo.InvariantCulture) >= offer.departEarliest.AddSeconds(-1));
            // Walk and carpool: the trip costs the carpool leg, in minor units.
            Assert.Equal((long)Math.Round(leg.GetProperty("price").GetDecimal() * 100, MidpointRounding.AwayFromZero), itinerary.GetProperty("price").GetProperty("amount").GetInt64());
            Assert.Equal("EUR", itinerary.GetProperty("price").GetProperty("currency").GetString());
        }

        // The plan is booked as it was answered (issue 13): the carpool leg's booking object, sent as it is, holds a seat.
        var booking = carpool[0].GetProperty("legs").EnumerateArray().Single(l => l.GetProperty("mode").GetString() == "carpool").GetProperty("booking");
        Assert.Equal("carpool", booking.GetProperty("kind").GetString());
        var (_, travelerToken) = await TestKeys.TravelerAsync(village.Node.Http);
        using (var traveler = village.Node.Http.With(travelerToken))
        using (var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative)) { Content = JsonContent.Create(new { legs = new[] { booking } }) })
        {
            request.Headers.Add("Idempotency-Key", "book-the-plan");
            using var booked = await traveler.SendAsync(request, Ct);
            Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync(Ct));
        }

        // Withdrawn: the next plan no longer offers it.
        (await op.DeleteAsync(new Uri("/operators/tram-co/offers/plan-ride-1", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
        clock.Restart();
        JsonElement after;
        do
        {
            await Task.Delay(100, Ct);
            after = await PlanAsync($"from={Point(Lat(0.25), Lon(0.25))}&to={Point(Lat(0.75), Lon(0.75))}&depart={depart}&modes=walk,carpool");
        }
        while (after.GetProperty("itineraries").ToString().Contains("plan-ride-1", StringComparison.Ordinal) && clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("plan-ride-1", after.GetProperty("itineraries").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_carpool_leg_is_priced_net_of_what_the_active_campaigns_pay_its_passenger()
    {
        var (minLat, minLon, maxLat, maxLon) = village.Area;
        double Lat(double f) => minLat + ((maxLat - minLat) * f);
        double Lon(double f) => minLon + ((maxLon - minLon) * f);
        using var op = await village.Node.ClientAsAsync(Roles.Operator, "ok-id");
        (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "ok-id", name = "OK carpool" }, Ct)).EnsureSuccessStatusCode();
        var now = DateTimeOffset.UtcNow;
        var offer = new
        {
            offerId = "net-ride-1",
            origin = new { lat = Lat(0.1), lon = Lon(0.9) },
            destination = new { lat = Lat(0.9), lon = Lon(0.1) },
            departEarliest = now.AddMinutes(20),
            departLatest = now.AddMinutes(60),
            seats = 3,
            maxDetourMinutes = 20,
            price = new { currency = "EUR", baseCents = 100, perKmCents = 10 },
        };
        (await op.PostAsJsonAsync(new Uri("/operators/ok-id/offers", UriKind.Relative), offer, Ct)).EnsureSuccessStatusCode();
        var depart = now.AddMinutes(25).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var query = $"from={Point(Lat(0.2), Lon(0.8))}&to={Point(Lat(0.8), Lon(0.2))}&depart={depart}&modes=walk,carpool";
        async Task<List<JsonElement>> RidesAsync()
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var legs = (await PlanAsync(query)).GetProperty("itineraries").EnumerateArray().SelectMany(i => i.GetProperty("legs").EnumerateArray())
                    .Where(l => l.GetProperty("tripId").ValueKind == JsonValueKind.String && l.GetProperty("tripId").GetString() == "net-ride-1").ToList();
                if (legs.Count > 0 || clock.Elapsed > TimeSpan.FromSeconds(10))
                {
                    return legs;
                }

                await Task.Delay(100, Ct);
            }
        }

        static decimal Contribution(JsonElement leg) => Math.Round(1.00m + (0.10m * (decimal)(leg.GetProperty("distanceMeters").GetDouble() / 1000.0)), 2);

        // No campaign pays passengers yet: the price is the operator's contribution, no incentive.
        var before = await RidesAsync();
        Assert.NotEmpty(before);
        Assert.All(before, l => Assert.Equal(Contribution(l), l.GetProperty("price").GetDecimal()));
        Assert.All(before, l => Assert.Equal(JsonValueKind.Null, l.GetProperty("incentive").ValueKind));

        // A campaign paying passengers 0.80 a trip for this operator: the planner takes it off at once on this node.
        using var authority = await village.Node.ClientAsAsync(Roles.Authority, "terr-a");
        const string campaign = """
            { "schema_version": 1, "id": "rider-discount", "name": "Rider discount", "timezone": "Europe/Paris", "validity": { "start": "2026-01-01" },
              "operators": [ { "id": "ok-id" } ],
              "beneficiaries": { "passenger": { "rules": [ { "id": "flat", "per_seat": false, "fixed": { "cents": 80 } } ] } }, "budget_cents": 100000 }
            """;
        using (var created = await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(campaign, System.Text.Encoding.UTF8, "application/json"), Ct))
        {
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync(Ct));
        }

        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/rider-discount/activate", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var during = await RidesAsync();
        Assert.NotEmpty(during);
        foreach (var leg in during)
        {
            var incentive = leg.GetProperty("incentive");
            Assert.Equal(Contribution(leg), incentive.GetProperty("contribution").GetDecimal());
            Assert.Equal(0.80m, incentive.GetProperty("amount").GetDecimal());
            Assert.Equal("EUR", incentive.GetProperty("currency").GetString());
            Assert.Equal(["rider-discount"], incentive.GetProperty("campaigns").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(Contribution(leg) - 0.80m, leg.GetProperty("price").GetDecimal());
        }

        // Closed: back to the contribution.
        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/rider-discount/close", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        Assert.All(await RidesAsync(), l => Assert.Equal(Contribution(l), l.GetProperty("price").GetDecimal()));
        (await op.DeleteAsync(new Uri("/operators/ok-id/offers/net-ride-1", UriKind.Relative), Ct)).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_policy_endpoint_serves_the_bytes_whose_hash_every_answer_names()
    {
        using var response = await village.Node.GetAsync("/plan/policy");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(RankingPolicy.Default.Reference.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        var doc = JsonDocument.Parse(await (await village.Node.GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.True(doc.GetProperty("paths").TryGetProperty("/plan/policy", out _));
        var names = doc.GetProperty("paths").GetProperty("/plan").GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString());
        Assert.Contains("window", names);
    }
}

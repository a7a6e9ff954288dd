using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Tests.Api;

/// <summary>Door to door (issue 14): an answered plan is booked as it is and its ticket is valid on each of its rides.</summary>
public sealed class TicketJourneyTests(VillageNode village) : IClassFixture<VillageNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_planned_transit_itinerary_booked_as_answered_gets_a_ticket_valid_on_each_ride_at_its_time()
    {
        var transit = await FindTransitItineraryAsync();
        var rides = transit.GetProperty("legs").EnumerateArray().Where(l => l.GetProperty("mode").GetString() == "transit").ToList();
        var bookings = transit.GetProperty("legs").EnumerateArray()
            .Select(l => l.GetProperty("booking")).Where(b => b.ValueKind != JsonValueKind.Null).ToList();
        Assert.Equal(rides.Count, bookings.Count(b => b.GetProperty("kind").GetString() == "transit"));

        var (_, token) = await TestKeys.TravelerAsync(village.Node.Http);
        using var traveler = village.Node.Http.With(token);
        using var book = new HttpRequestMessage(HttpMethod.Post, "/trips") { Content = JsonContent.Create(new { legs = bookings }) };
        book.Headers.Add("Idempotency-Key", "journey-1");
        var booked = await traveler.SendAsync(book, Ct);
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync(Ct));
        var trip = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        (await traveler.PostAsync(new Uri($"/trips/{trip}/commit", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var ticket = await traveler.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        var cose = Convert.FromBase64String(ticket.GetProperty("cose").GetString()!);
        var keys = KeyList.Parse(await village.Node.Http.GetStringAsync(new Uri("/tickets/keys", UriKind.Relative), Ct), "keys");

        // Each ride: accepted by its operator, on the ride's leg, a minute after its departure; refused an hour before it.
        for (var i = 0; i < rides.Count; i++)
        {
            var ride = rides[i];
            var booking = ride.GetProperty("booking");
            var departs = ride.GetProperty("departure").GetDateTimeOffset();
            var issued = ticket.GetProperty("issuedAt").GetDateTimeOffset();
            var at = new ManualClock((departs > issued ? departs : issued).AddMinutes(1));
            var validator = new TicketValidator(keys, at, ValidatorOptions.Default, new ReplayStore(), new HashSet<string>());
            var decision = validator.Validate(cose, new ValidationPoint(booking.GetProperty("operatorId").GetString(), null, "gate-" + i));
            Assert.True(decision.Valid, decision.Reason);
            Assert.Equal(ride.GetProperty("from").GetProperty("stopId").GetString(), decision.Ticket!.Legs[decision.Leg!.Value].FromStop);
        }
    }

    [Fact]
    public async Task A_planned_bike_share_ride_is_booked_as_answered_at_its_system_and_the_same_bike_cannot_be_held_twice()
    {
        var random = new Random(8);
        JsonElement? ride = null;
        for (var attempt = 0; attempt < 40 && ride is null; attempt++)
        {
            var plan = await village.Node.Http.GetFromJsonAsync<JsonElement>(new Uri($"/plan?from={village.RandomPoint(random)}&to={village.RandomPoint(random)}&depart={village.Tuesday8}&modes=walk,bikeshare", UriKind.Relative), Ct);
            ride = plan.GetProperty("itineraries").EnumerateArray().SelectMany(i => i.GetProperty("legs").EnumerateArray())
                .Where(l => l.GetProperty("mode").GetString() is "bikeshare" or "scooter").Cast<JsonElement?>().FirstOrDefault();
        }

        Assert.True(ride is not null, "no bike-share ride in 40 random village plans");
        var booking = ride.Value.GetProperty("booking");
        Assert.Equal(("shared-vehicle", ride.Value.GetProperty("operator").GetString()), (booking.GetProperty("kind").GetString(), booking.GetProperty("operatorId").GetString()));

        var (_, token) = await TestKeys.TravelerAsync(village.Node.Http);
        using var traveler = village.Node.Http.With(token);
        async Task<HttpResponseMessage> BookAsync(HttpClient client, string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/trips") { Content = JsonContent.Create(new { legs = new[] { booking } }) };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request, Ct);
        }

        var booked = await BookAsync(traveler, "bike-1");
        Assert.True(booked.StatusCode == HttpStatusCode.Created, await booked.Content.ReadAsStringAsync(Ct));
        var trip = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
        (await traveler.PostAsync(new Uri($"/trips/{trip}/commit", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var ticket = await traveler.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        Assert.Equal(booking.GetProperty("operatorId").GetString(), ticket.GetProperty("legs")[0].GetProperty("operatorId").GetString());

        // A free-floating bike is one vehicle: another traveler cannot hold it too. A made-up vehicle is refused.
        var (_, other) = await TestKeys.TravelerAsync(village.Node.Http);
        using var second = village.Node.Http.With(other);
        if (ride.Value.GetProperty("tripId").ValueKind == JsonValueKind.String)
        {
            Assert.Equal(HttpStatusCode.Conflict, (await BookAsync(second, "bike-2")).StatusCode);
        }

        using var madeUp = new HttpRequestMessage(HttpMethod.Post, "/trips")
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "shared-vehicle", operatorId = booking.GetProperty("operatorId").GetString(), resourceId = "no-such-bike", seats = 1 } } }),
        };
        madeUp.Headers.Add("Idempotency-Key", "bike-3");
        Assert.Equal(HttpStatusCode.Conflict, (await second.SendAsync(madeUp, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_drivers_carpool_incentive_is_credited_once_to_its_account_and_pays_its_fares()
    {
        var http = village.Node.Http;
        var (travelerId, token) = await TestKeys.TravelerAsync(http);
        using var traveler = http.With(token);

        // The traveler drove a carpool its operator declared; a campaign pays drivers 1.50 a seat.
        using var traffic = await CarpoolTraffic.StartAsync(http, "metro-bus");
        var driver = await traffic.NewPersonAsync(Ct);
        (await traffic.LinkTravelerAsync(driver, travelerId, token, Ct)).EnsureSuccessStatusCode();
        using var authority = await village.Node.ClientAsAsync(Mobility.Node.Security.Roles.Authority, "terr-a");
        const string campaign = """
            { "schema_version": 1, "id": "credit-bonus", "name": "Credit bonus", "timezone": "Europe/Paris", "validity": { "start": "2026-01-01" },
              "beneficiaries": { "driver": { "rules": [ { "id": "flat", "per_seat": true, "fixed": { "cents": 150 } } ] } }, "budget_cents": 100000 }
            """;
        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns", UriKind.Relative), new StringContent(campaign, System.Text.Encoding.UTF8, "application/json"), Ct)).EnsureSuccessStatusCode();
        (await authority.PostAsync(new Uri("/authority/terr-a/campaigns/credit-bonus/activate", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        var d = traffic.Journey(traffic.Operators[0], driver, await traffic.NewPersonAsync(Ct), DateTimeOffset.UtcNow.AddHours(-2));
        Assert.Equal(HttpStatusCode.Created, (await traffic.DeclareAsync(d, Ct)).StatusCode);

        // Claimed once the campaign counted it (the feed is asynchronous); claiming again credits nothing more.
        JsonElement account = default;
        for (var i = 0; i < 100; i++)
        {
            account = await (await traveler.PostAsync(new Uri("/me/account/credits", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
            if (account.GetProperty("credited").GetInt64() > 0)
            {
                break;
            }

            await Task.Delay(100, Ct);
        }

        Assert.Equal(150, account.GetProperty("credited").GetInt64());
        Assert.Equal(150, account.GetProperty("credits").GetProperty("campaign:credit-bonus").GetInt64());
        var again = await (await traveler.PostAsync(new Uri("/me/account/credits", UriKind.Relative), null, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(150, again.GetProperty("credited").GetInt64());

        // A metro ride charged 1.99 is paid 1.50 by the credit: 0.49 due.
        using var tram = await village.Node.ClientAsAsync(Mobility.Node.Security.Roles.Operator, "tram-co");
        var medium = account.GetProperty("medium").GetString();
        (await tram.PostAsJsonAsync(new Uri("/operators/tram-co/taps", UriKind.Relative),
            new { taps = new[] { new { id = "c1", time = DateTimeOffset.UtcNow.AddMinutes(-5), medium, fare = 199, tier = "metro" } } }, Ct)).EnsureSuccessStatusCode();
        var after = await traveler.GetFromJsonAsync<JsonElement>(new Uri("/me/account", UriKind.Relative), Ct);
        Assert.Equal((199L, 49L), (after.GetProperty("charged").GetInt64(), after.GetProperty("due").GetInt64()));
    }

    private async Task<JsonElement> FindTransitItineraryAsync()
    {
        var random = new Random(5);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var plan = await village.Node.Http.GetFromJsonAsync<JsonElement>(new Uri($"/plan?from={village.RandomPoint(random)}&to={village.RandomPoint(random)}&depart={village.Tuesday8}&modes=walk,transit", UriKind.Relative), Ct);
            foreach (var itinerary in plan.GetProperty("itineraries").EnumerateArray())
            {
                if (itinerary.GetProperty("legs").EnumerateArray().Any(l => l.GetProperty("mode").GetString() == "transit"))
                {
                    return itinerary;
                }
            }
        }

        throw new InvalidOperationException("no transit itinerary in 40 random village plans");
    }
}

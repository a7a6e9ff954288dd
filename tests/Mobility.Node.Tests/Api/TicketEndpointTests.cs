using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Node.Tests.Support;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Tests.Api;

/// <summary>Issue 14: booking a trip gives one signed ticket for all its legs, which a validator checks offline.</summary>
public sealed class TicketEndpointTests : IAsyncLifetime
{
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
    public async Task A_confirmed_trip_has_one_signed_ticket_that_a_validator_accepts_offline_on_its_legs_only()
    {
        var (_, aliceToken) = await TestKeys.TravelerAsync(_node.Http);
        var (_, bobToken) = await TestKeys.TravelerAsync(_node.Http);
        using var alice = _node.Http.With(aliceToken);
        using var bob = _node.Http.With(bobToken);
        var depart = DateTimeOffset.UtcNow.AddMinutes(30);
        var second = DateTimeOffset.FromUnixTimeSeconds(depart.ToUnixTimeSeconds());
        // Two rides on the same line (a transfer back onto it) are two legs: nothing is held, so both are allowed.
        var legs = new object[]
        {
            new { kind = "transit", operatorId = "tram-co", resourceId = "T2", fromStop = "S1", toStop = "S2", departs = second, arrives = second.AddMinutes(12) },
            new { kind = "transit", operatorId = "tram-co", resourceId = "T2", fromStop = "S2", toStop = "S5", departs = second.AddMinutes(20), arrives = second.AddMinutes(31) },
        };
        using var book = new HttpRequestMessage(HttpMethod.Post, "/trips") { Content = JsonContent.Create(new { legs }) };
        book.Headers.Add("Idempotency-Key", "ticket-1");
        var booked = await alice.SendAsync(book, Ct);
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var trip = (await booked.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;

        // No ticket before the trip is confirmed; a transit-only trip is confirmed at commit (no operator to wait for).
        var early = await alice.GetAsync(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("commit", (await early.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var committed = await alice.PostAsync(new Uri($"/trips/{trip}/commit", UriKind.Relative), null, Ct);
        Assert.Equal("confirmed", (await committed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());

        var ticket = await alice.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        var again = await alice.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct);
        Assert.Equal(ticket.GetProperty("cose").GetString(), again.GetProperty("cose").GetString()); // One ticket, the same bytes.
        var cose = Convert.FromBase64String(ticket.GetProperty("cose").GetString()!);
        Assert.Equal(cose, TicketIssuer.ReadTicketBytes(System.Text.Encoding.ASCII.GetBytes(ticket.GetProperty("qr").GetString()!)));
        Assert.StartsWith("<svg", ticket.GetProperty("qrSvg").GetString(), StringComparison.Ordinal);
        Assert.Equal(ticket.GetProperty("ticketId").GetString(), (await alice.GetFromJsonAsync<JsonElement>(new Uri($"/trips/{trip}", UriKind.Relative), Ct)).GetProperty("ticketId").GetString());
        var ticketLegs = ticket.GetProperty("legs").EnumerateArray().ToList();
        Assert.Equal(2, ticketLegs.Count);
        Assert.Equal(second.AddMinutes(-15), ticketLegs[0].GetProperty("validFrom").GetDateTimeOffset());
        Assert.Equal("S5", ticketLegs[1].GetProperty("toStop").GetString());

        // The key list is public; a validator with it and nothing else decides.
        using var anonymous = new HttpClient { BaseAddress = _node.Http.BaseAddress };
        var keys = KeyList.Parse(await anonymous.GetStringAsync(new Uri("/tickets/keys", UriKind.Relative), Ct), "/tickets/keys");
        Assert.NotNull(keys.Find(ticket.GetProperty("keyId").GetString()!));
        var clock = new ManualClock(second.AddMinutes(1));
        var validator = new TicketValidator(keys, clock, ValidatorOptions.Default, new ReplayStore(), new HashSet<string>());
        var onTram = validator.Validate(cose, new ValidationPoint("tram-co", null, "gate-1"));
        Assert.True(onTram.Valid, onTram.Reason);
        Assert.Equal(0, onTram.Leg);
        Assert.Equal(ticket.GetProperty("medium").GetString(), onTram.Ticket!.Subject);
        Assert.Equal(TicketRejection.NoMatchingLeg, validator.Validate(cose, new ValidationPoint("bus-co", null, "bus-7")).Rejection);
        var tampered = (byte[])cose.Clone();
        tampered[^70] ^= 1; // Inside the payload: the signature no longer covers it.
        Assert.False(validator.Validate(tampered, new ValidationPoint("tram-co", null, "gate-1")).Valid);
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(TicketRejection.Expired, validator.Validate(cose, new ValidationPoint("tram-co", null, "gate-1")).Rejection);

        // Another traveler cannot read it; a malformed or unknown trip id is answered plainly.
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await alice.GetAsync(new Uri("/trips/nope/ticket", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync(new Uri("/trips/tr-000000000000000000000000/ticket", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct)).StatusCode);

        // Cancelled after it was shown: the ticket is no longer served and goes on the public deny list, which a
        // validator applies offline.
        Assert.Empty(await anonymous.GetStringAsync(new Uri("/tickets/deny-list", UriKind.Relative), Ct));
        (await alice.PostAsync(new Uri($"/trips/{trip}/cancel", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Gone, (await alice.GetAsync(new Uri($"/trips/{trip}/ticket", UriKind.Relative), Ct)).StatusCode);
        var deny = (await anonymous.GetStringAsync(new Uri("/tickets/deny-list", UriKind.Relative), Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        Assert.Equal([ticket.GetProperty("ticketId").GetString()!], deny);
        var denying = new TicketValidator(keys, new ManualClock(second.AddMinutes(1)), ValidatorOptions.Default, new ReplayStore(), deny);
        Assert.Equal(TicketRejection.Denied, denying.Validate(cose, new ValidationPoint("tram-co", null, "gate-2")).Rejection);
    }

    [Fact]
    public async Task A_leg_with_an_arrival_before_its_departure_is_refused_at_its_path()
    {
        var (_, token) = await TestKeys.TravelerAsync(_node.Http);
        using var alice = _node.Http.With(token);
        var t = DateTimeOffset.UtcNow.AddHours(1);
        using var book = new HttpRequestMessage(HttpMethod.Post, "/trips")
        {
            Content = JsonContent.Create(new { legs = new[] { new { kind = "transit", operatorId = "tram-co", resourceId = "T2", departs = t, arrives = t.AddMinutes(-5) } } }),
        };
        book.Headers.Add("Idempotency-Key", "bad-leg");
        var answer = await alice.SendAsync(book, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.True((await answer.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("legs[0]", out _));
    }
}

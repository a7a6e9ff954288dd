using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.Actors.Trips;
using Mobility.Node.Security;
using Mobility.Node.Tests.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// The booking saga under a real crash: a <c>mobility serve</c> process is SIGKILLed while travelers book, commit and
/// have carpool operators accept, at a random moment of the flow (during a POST /trips, between it and the commit,
/// before the operator's answer is confirmed), then started again on the same data folder. After it settles, every
/// seat the operator holds belongs to a trip that holds it (offered, pending, confirmed), and every such trip has its
/// seat: never a seat held for nobody, never a confirmed trip without its seat.
/// </summary>
public sealed class BookingKillTests : IDisposable
{
    private const int Runs = 5;
    private const int TravelersPerRun = 4;
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_node_killed_at_random_points_of_bookings_restarts_with_every_held_seat_owned_and_every_owned_seat_held()
    {
        var environment = new Dictionary<string, string>
        {
            ["MOBILITY__AUTH__APIKEYS"] = TestKeys.Setting,
            ["MOBILITY__CITY__GTFS__0"] = TinyFeeds.GtfsZip(),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        using var node = new NodeProcess("booker", _data.Path, environment);
        var random = new Random(20261207);
        var attempts = new List<Attempt>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        string? operatorToken = null;

        for (var run = 0; run < Runs; run++)
        {
            node.Start([node.ClusterAddress]);
            await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
            operatorToken ??= await TestKeys.TokenAsync(node.Http, Roles.Operator, "op-a");
            using var op = node.Http.With(operatorToken);
            if (run == 0)
            {
                (await op.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "op-a", name = "Pool A" }, Ct)).EnsureSuccessStatusCode();
            }
            else
            {
                await AssertSettledAsync(node, op, attempts, run);
            }

            var offer = $"ride-{run}";
            (await op.PostAsJsonAsync(new Uri("/operators/op-a/offers", UriKind.Relative), SecuredNode.OfferBody(offer, seats: TravelersPerRun), Ct)).EnsureSuccessStatusCode();
            var travelers = new List<(string Id, string Token)>();
            for (var t = 0; t < TravelersPerRun; t++)
            {
                travelers.Add(await TestKeys.TravelerAsync(node.Http));
            }

            // Each traveler books one seat, commits and has the operator accept; the process dies somewhere in there.
            var flows = travelers.Select((t, i) =>
            {
                var attempt = new Attempt(offer, t.Id, t.Token, $"run{run}-t{i}");
                attempts.Add(attempt);
                // Staggered starts, so that at the kill the travelers stand at different steps of the flow.
                var start = TimeSpan.FromMilliseconds(i * random.Next(0, 250));
                return Task.Run(async () =>
                {
                    await Task.Delay(start, Ct);
                    await FlowAsync(node, attempt, operatorToken);
                });
            }).ToList();
            await Task.Delay(random.Next(run == 0 ? 300 : 0, run == 0 ? 1500 : 500), Ct); // The first run's requests are slower (a fresh process).
            node.Kill();
            await Task.WhenAll(flows);
            foreach (var a in attempts.Where(a => a.Offer == offer))
            {
                seen[a.Reached] = seen.GetValueOrDefault(a.Reached) + 1;
            }
        }

        node.Start([node.ClusterAddress]);
        await node.WaitReadyAsync(TimeSpan.FromSeconds(90));
        using (var op = node.Http.With(operatorToken))
        {
            await AssertSettledAsync(node, op, attempts, Runs);
        }

        TestContext.Current.TestOutputHelper?.WriteLine("kills fell at: " + string.Join(", ", seen.Select(kv => $"{kv.Key} {kv.Value}")));

        // The kills must have fallen at different steps, or the test proved less than it claims.
        Assert.True(seen.Count >= 2, "kills fell at: " + string.Join(", ", seen.Select(kv => $"{kv.Key} {kv.Value}")));
        await node.StopAsync();
    }

    /// <summary>Book, commit, accept; stops at the first failure (the process was killed) and records how far it got.</summary>
    private static async Task FlowAsync(NodeProcess node, Attempt attempt, string operatorToken)
    {
        using var traveler = node.Http.With(attempt.Token);
        using var op = node.Http.With(operatorToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative))
            {
                Content = JsonContent.Create(new { legs = new[] { new { kind = "carpool", operatorId = "op-a", resourceId = attempt.Offer, seats = 1 } }, holdMinutes = 30 }),
            };
            request.Headers.Add("Idempotency-Key", attempt.Key);
            attempt.Reached = "booking";
            using (var booked = await traveler.SendAsync(request, Ct))
            {
                if (booked.StatusCode != HttpStatusCode.Created)
                {
                    attempt.Reached = "booking refused " + (int)booked.StatusCode;
                    return;
                }
            }

            attempt.Reached = "committing";
            using (var committed = await traveler.PostAsync(new Uri($"/trips/{attempt.TripId}/commit", UriKind.Relative), null, Ct))
            {
                committed.EnsureSuccessStatusCode();
            }

            attempt.Reached = "accepting";
            using (var accepted = await op.PostAsync(new Uri($"/operators/op-a/trips/{attempt.TripId}/accept", UriKind.Relative), null, Ct))
            {
                accepted.EnsureSuccessStatusCode();
            }

            attempt.Reached = "done";
        }
        catch (HttpRequestException)
        {
            // Killed under it.
        }
        catch (TaskCanceledException) when (!Ct.IsCancellationRequested)
        {
            // Killed under it (the client's timeout).
        }
    }

    /// <summary>Waits (up to 60 s) until no trip is mid-booking and, per offer, the seats held equal the seats its trips hold.</summary>
    private static async Task AssertSettledAsync(NodeProcess node, HttpClient op, List<Attempt> attempts, int runs)
    {
        var last = string.Empty;
        for (var i = 0; i < 120; i++)
        {
            var offers = (await op.GetFromJsonAsync<JsonElement>(new Uri("/operators/op-a/offers", UriKind.Relative), Ct)).EnumerateArray()
                .ToDictionary(o => o.GetProperty("offerId").GetString()!, o => o.GetProperty("seats").GetInt32() - o.GetProperty("seatsFree").GetInt32());
            var statuses = new List<(Attempt Attempt, string Status)>();
            foreach (var a in attempts)
            {
                using var traveler = node.Http.With(a.Token);
                using var response = await traveler.GetAsync(new Uri($"/trips/{a.TripId}", UriKind.Relative), Ct);
                statuses.Add((a, response.StatusCode == HttpStatusCode.NotFound ? "none" : (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString()!));
            }

            var problems = new List<string>();
            foreach (var offer in Enumerable.Range(0, runs).Select(r => $"ride-{r}"))
            {
                var holding = statuses.Where(s => s.Attempt.Offer == offer).Select(s => Enum.Parse<TripStatus>(s.Status == "none" ? "Refused" : s.Status, ignoreCase: true))
                    .Count(s => s is TripStatus.Offered or TripStatus.Pending or TripStatus.Confirmed or TripStatus.Started);
                if (offers.GetValueOrDefault(offer) != holding)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{offer}: operator holds {offers.GetValueOrDefault(offer)} seats, trips hold {holding}"));
                }
            }

            problems.AddRange(statuses.Where(s => s.Status == "requested").Select(s => $"{s.Attempt.TripId} still requested"));
            if (problems.Count == 0)
            {
                return;
            }

            last = string.Join("; ", problems) + " | " + string.Join(", ", statuses.Select(s => $"{s.Attempt.Key}={s.Status}({s.Attempt.Reached})"));
            await Task.Delay(500, Ct);
        }

        Assert.Fail("never settled: " + last + "\n" + node.Output);
    }

    private sealed class Attempt(string offer, string traveler, string token, string key)
    {
        public string Offer { get; } = offer;

        public string Token { get; } = token;

        public string Key { get; } = key;

        public string TripId { get; } = Mobility.Actors.Trips.TripId.For(TravelerId.Parse(traveler), key).Value;

        public string Reached { get; set; } = "not started";
    }
}

using System.Globalization;
using System.Text.Json;
using Mobility.Simulation.Day.World;

namespace Mobility.Simulation.Day.Run;

public sealed partial class DayRunner
{
    public const string Modes = "walk,transit,bikeshare,carpool";

    /// <summary>The least time a traveler spends at a place before the next trip of the chain.</summary>
    public const int MinStayMinutes = 10;

    /// <summary>
    /// A traveler plans the trip over HTTP and chooses under the behaviour model (<see cref="SlicePhase.Travel"/>); a
    /// chosen carpool is booked in the slice's <see cref="SlicePhase.Book"/> phase, where travelers contest seats in a
    /// fixed order; then it taps in on the transit legs it rides (<see cref="TapTransitLegsAsync"/>) and the next trip of
    /// the chain is scheduled, never before this one's arrival plus <see cref="MinStayMinutes"/>.
    /// </summary>
    private async Task TravelAsync(Traveler t, PlannedTrip trip, int departMinute, CancellationToken ct)
    {
        var q = string.Create(CultureInfo.InvariantCulture,
            $"/plan?from={trip.From.Latitude:0.######},{trip.From.Longitude:0.######}&to={trip.To.Latitude:0.######},{trip.To.Longitude:0.######}&depart={Local(departMinute)}&modes={Modes}");
        var answer = await _api.GetAsync("GET /plan", q, null, ct);
        if (!answer.Ok)
        {
            Interlocked.Increment(ref _outcome.NoItinerary);
            _outcome.Trips.Enqueue(new TripMade(departMinute / 60, "none", t.Index, trip.Number));
            Next(t, trip, departMinute);
            return;
        }

        foreach (var n in answer.Json.GetProperty("notices").EnumerateArray())
        {
            // Counted by kind: the numbers (ages, times) are blanked so that one cause is one line of the report.
            _outcome.PlanNotices.AddOrUpdate(Numbers().Replace(n.GetString()!, "#"), 1, (_, c) => c + 1);
        }

        var options = ReadOptions(answer.Json);
        var u = SimRandom.Unit(_s.Seed, DayStream.Choice, t.Index, trip.Number);
        var requested = At(departMinute);
        var k = Behaviour.Choose(options, t.CarpoolProne, requested, u);
        if (k >= 0 && options[k].MainMode == "carpool")
        {
            var itinerary = answer.Json.GetProperty("itineraries")[k].Clone();
            ThisSlice(SlicePhase.Book, Key(t.Index, trip.Number), async c =>
            {
                if (await BookCarpoolAsync(t, trip, options[k], itinerary, c))
                {
                    await GoAsync(t, trip, departMinute, options[k], c);
                    return;
                }

                // Seats gone (or the operator said no): the traveler takes the best of the rest.
                Interlocked.Increment(ref _outcome.CarpoolRefused);
                var rest = options.Where(o => o.MainMode != "carpool").ToList();
                var r = Behaviour.Choose(rest, t.CarpoolProne, requested, u);
                await GoAsync(t, trip, departMinute, r < 0 ? null : rest[r], c);
            });
            return;
        }

        await GoAsync(t, trip, departMinute, k < 0 ? null : options[k], ct);
    }

    /// <summary>The traveler rides the chosen itinerary (taps on its transit legs), or stays when there is none; then the next trip is scheduled.</summary>
    private async Task GoAsync(Traveler t, PlannedTrip trip, int departMinute, PlanOption? chosen, CancellationToken ct)
    {
        if (chosen is null)
        {
            Interlocked.Increment(ref _outcome.NoItinerary);
        }
        else
        {
            await TapTransitLegsAsync(t, trip, chosen, ct);
        }

        _outcome.Trips.Enqueue(new TripMade(departMinute / 60, chosen?.MainMode ?? "none", t.Index, trip.Number,
            chosen is null ? "" : string.Join(' ', chosen.Legs.Select(l => $"{l.Mode}:{l.BookingOperator ?? l.Operator}:{l.Departure:HH\\:mm}-{l.Arrival:HH\\:mm}"))));
        Next(t, trip, chosen is null ? departMinute : MinuteOf(chosen.Arrival));
    }

    private void Next(Traveler t, PlannedTrip trip, int arrival)
    {
        if (trip.Number + 1 < t.Trips.Count)
        {
            var next = t.Trips[trip.Number + 1];
            var at = Math.Max(next.DepartMinute, arrival + MinStayMinutes);
            Later(at, SlicePhase.Travel, Key(t.Index, next.Number), c => TravelAsync(t, next, at, c));
        }
    }

    /// <summary>Books the answered carpool leg as it was answered, commits, has its operator accept, then schedules the ride and its declaration.</summary>
    private async Task<bool> BookCarpoolAsync(Traveler t, PlannedTrip trip, PlanOption option, JsonElement itinerary, CancellationToken ct)
    {
        var legIndex = option.Legs.ToList().FindIndex(l => l.Mode == "carpool");
        var leg = option.Legs[legIndex];
        var booking = itinerary.GetProperty("legs")[legIndex].GetProperty("booking");
        if (leg.TripId is null || !_offers.TryGetValue(leg.TripId, out var offer))
        {
            return false;
        }

        var accountKey = await AccountOfAsync(t.Index, ct);
        var token = await _credentials.TokenAsync(accountKey, ct);
        var body = NodeApi.Utf8($"{{\"legs\":[{booking.GetRawText()}]}}");
        var booked = await _api.SendAsync("POST /trips", HttpMethod.Post, "/trips", token, body, ct, idempotencyKey: $"sim-{t.Index}-{trip.Number}");
        if (!booked.Ok)
        {
            return false;
        }

        var tripId = booked.Json.GetProperty("id").GetString()!;
        var committed = await _api.PostJsonAsync("POST /trips/{id}/commit", $"/trips/{tripId}/commit", token, null, ct);
        if (!committed.Ok)
        {
            return false;
        }

        var accepted = await _api.PostJsonAsync("POST /operators/{id}/trips/{tripId}/accept", $"/operators/{offer.Operator}/trips/{tripId}/accept",
            await OperatorTokenAsync(offer.Operator, ct), null, ct);
        if (!accepted.Ok || accepted.Json.GetProperty("status").GetString() != "confirmed")
        {
            return false;
        }

        Interlocked.Increment(ref _outcome.CarpoolBooked);
        var depart = MinuteOf(leg.Departure);
        var arrive = Math.Max(depart + 1, MinuteOf(leg.Arrival));
        var delay = 5 + SimRandom.Below(_s.Seed, DayStream.DeclareDelay, t.Index, 20, trip.Number);
        // Each step schedules the next, so that they run in order even when the ride fits in one slice.
        var key = Key(t.Index, trip.Number);
        Later(depart, SlicePhase.Ride, key, async c =>
        {
            await TripStepAsync(accountKey, tripId, "start", c);
            Later(arrive, SlicePhase.Ride, key, async c2 =>
            {
                await TripStepAsync(accountKey, tripId, "end", c2);
                Later(arrive + delay, SlicePhase.Declare, key, c3 => DeclareRideAsync(offer.Operator, leg.TripId, offer.Driver, t, trip, leg, c3));
            });
        });
        return true;
    }

    /// <summary>
    /// Starts or ends a booked trip. A 503 (the trip's entity did not answer in time: a loaded machine) is retried as a
    /// client would, after its Retry-After, at most <see cref="StepAttempts"/> times; after a retry, 409 means the first
    /// attempt went through.
    /// </summary>
    private async Task TripStepAsync(string accountKey, string tripId, string step, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var a = await _api.PostJsonAsync($"POST /trips/{{id}}/{step}", $"/trips/{tripId}/{step}", await _credentials.TokenAsync(accountKey, ct), null, ct);
            if (a.Status == 503 && attempt < StepAttempts)
            {
                Interlocked.Increment(ref _outcome.Retried);
                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                continue;
            }

            if (attempt > 1 && a.Status == 409)
            {
                return;
            }

            Require(a, $"{step} of trip {tripId}");
            return;
        }
    }

    private const int StepAttempts = 5;

    private async Task<string> NewAccountAsync(CancellationToken ct)
    {
        var a = await _api.PostJsonAsync("POST /travelers", "/travelers", null, null, ct);
        Require(a, "creating a traveler account");
        var key = a.Json.GetProperty("accountKey").GetString()!;
        _credentials.Remember(key, a.Json.GetProperty("token"));
        return key;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[0-9][0-9:.T+-]*")]
    private static partial System.Text.RegularExpressions.Regex Numbers();

    private int MinuteOf(DateTimeOffset t) => (int)Math.Floor((t - _midnight).TotalMinutes);
}

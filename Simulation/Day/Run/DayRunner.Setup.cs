using System.Globalization;
using System.Text.Json;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.Simulation.Day.World;

namespace Mobility.Simulation.Day.Run;

public sealed partial class DayRunner
{
    private string Authority => _keys[_s.Territory];

    private Task<string> OperatorTokenAsync(string op, CancellationToken ct) => _credentials.TokenAsync(_keys[op], ct);

    /// <summary>Carpool operators register and bind their signing keys, transit agencies register; the authority creates and activates the campaigns.</summary>
    private async Task SetUpAsync(CancellationToken ct)
    {
        foreach (var (id, op) in _desk.Operators)
        {
            var token = await OperatorTokenAsync(id, ct);
            Require(await _api.PostJsonAsync("POST /operators", "/operators", token, new { id, name = "Carpool " + id }, ct), "registering operator " + id);
            var key = NodeApi.Utf8($"{{\"public_key\":\"{Base64Url.Encode(Ed25519Keys.RawPublicKey(op.Key))}\"}}");
            Require(await _api.SendAsync("PUT /v3/operator/key", HttpMethod.Put, "/v3/operator/key", token, key, ct), "binding the key of " + id);
        }

        // The transit agencies are operators too: their validators' taps are uploaded under their id (docs/ticketing.md).
        foreach (var agency in _agencies.Values)
        {
            Require(await _api.PostJsonAsync("POST /operators", "/operators", await OperatorTokenAsync(agency.Id, ct), new { id = agency.Id, name = agency.Name }, ct),
                "registering transit operator " + agency.Id);
        }

        var authority = await _credentials.TokenAsync(Authority, ct);
        foreach (var doc in _s.Campaigns)
        {
            var body = NodeApi.Utf8(doc.GetRawText());
            var created = await _api.SendAsync("POST /authority/{territory}/campaigns", HttpMethod.Post, $"/authority/{_s.Territory}/campaigns", authority, body, ct);
            Require(created, "creating campaign " + (doc.TryGetProperty("id", out var i) ? i.GetString() : "?"));
            var id = created.Json.GetProperty("id").GetString()!;
            Require(await _api.PostJsonAsync("POST /authority/{territory}/campaigns/{id}/activate", $"/authority/{_s.Territory}/campaigns/{id}/activate", authority, null, ct), "activating campaign " + id);
            _console.WriteLine($"campaign    {id} created and activated by the authority of {_s.Territory}");
        }
    }

    private static void Require(ApiAnswer a, string what)
    {
        if (!a.Ok)
        {
            throw new DayRunException($"{what}: HTTP {a.Status} {a.Text}");
        }
    }

    /// <summary>The log's signed checkpoint, opened with the node's published verifier key.</summary>
    private async Task<Checkpoint> CheckpointAsync(CancellationToken ct)
    {
        var keys = await _api.GetAsync("GET /log/keys", "/log/keys", null, ct);
        Require(keys, "reading the log keys");
        var note = await _api.GetAsync("GET /log/checkpoint", "/log/checkpoint", null, ct);
        Require(note, "reading the log checkpoint");
        return Checkpoint.Open(note.Json.GetProperty("note").GetString()!, NoteVerifier.Parse(keys.Json.GetProperty("vkey").GetString()!));
    }

    /// <summary>Puts the day's first events on the timeline: offers an hour before each driven trip, every other trip at its departure, the fraud rings.</summary>
    private void Schedule()
    {
        foreach (var t in _population.Travelers)
        {
            if (t.DriverOf >= 0)
            {
                var op = _s.Operators[t.DriverOf % _s.Operators.Count];
                foreach (var trip in t.Trips)
                {
                    var offerId = $"o{t.Index}-{trip.Number}";
                    _offers[offerId] = (op, t.Index);
                    var tripCopy = trip;
                    Later(trip.DepartMinute - 60, SlicePhase.Publish, Key(t.Index, trip.Number), ct => PublishOfferAsync(op, offerId, tripCopy, ct));
                    _outcome.Trips.Enqueue(new TripMade(trip.DepartMinute / 60, "car"));
                }

                continue;
            }

            // A chain is lived in order: each trip schedules the next once it knows its arrival.
            if (t.Trips.Count > 0)
            {
                var first = t.Trips[0];
                Later(first.DepartMinute, SlicePhase.Travel, Key(t.Index, first.Number), ct => TravelAsync(t, first, first.DepartMinute, ct));
            }
        }

        ScheduleFraudRings();
    }

    private async Task PublishOfferAsync(string op, string offerId, PlannedTrip trip, CancellationToken ct)
    {
        var body = new
        {
            offerId,
            origin = new { lat = trip.From.Latitude, lon = trip.From.Longitude },
            destination = new { lat = trip.To.Latitude, lon = trip.To.Longitude },
            departEarliest = At(trip.DepartMinute - 5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            departLatest = At(trip.DepartMinute + 10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            seats = 3,
            maxDetourMinutes = 10,
            price = new { currency = "EUR", baseCents = 100, perKmCents = 8 },
        };
        var a = await _api.PostJsonAsync("POST /operators/{id}/offers", $"/operators/{op}/offers", await OperatorTokenAsync(op, ct), body, ct);
        Require(a, $"publishing offer {offerId}");
        Interlocked.Increment(ref _outcome.Offers);
    }

    private static IReadOnlyList<PlanOption> ReadOptions(JsonElement plan) =>
        [.. plan.GetProperty("itineraries").EnumerateArray().Select(i => new PlanOption(
            i.GetProperty("departure").GetDateTimeOffset(), i.GetProperty("arrival").GetDateTimeOffset(), i.GetProperty("transfers").GetInt32(),
            i.GetProperty("walkMeters").GetDouble(),
            i.TryGetProperty("price", out var p) && p.ValueKind == JsonValueKind.Object ? p.GetProperty("amount").GetInt64() : null,
            [.. i.GetProperty("legs").EnumerateArray().Select(l => new PlanLeg(
                l.GetProperty("mode").GetString()!, l.TryGetProperty("operator", out var o) ? o.GetString() : null,
                l.TryGetProperty("tripId", out var tr) ? tr.GetString() : null,
                l.GetProperty("departure").GetDateTimeOffset(), l.GetProperty("arrival").GetDateTimeOffset(), l.GetProperty("distanceMeters").GetDouble(),
                l.GetProperty("from").GetProperty("lat").GetDouble(), l.GetProperty("from").GetProperty("lon").GetDouble(),
                l.GetProperty("to").GetProperty("lat").GetDouble(), l.GetProperty("to").GetProperty("lon").GetDouble(),
                l.TryGetProperty("booking", out var b) && b.ValueKind == JsonValueKind.Object,
                l.TryGetProperty("price", out var lp) && lp.ValueKind == JsonValueKind.Number ? (long)Math.Round(lp.GetDecimal() * 100, MidpointRounding.AwayFromZero) : null,
                b.ValueKind == JsonValueKind.Object && b.TryGetProperty("operatorId", out var bo) ? bo.GetString() : null,
                l.GetProperty("from").TryGetProperty("stopId", out var fs) && fs.ValueKind == JsonValueKind.String ? fs.GetString() : null))]))];
}

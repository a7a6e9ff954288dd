using System.Collections.Concurrent;
using System.Text.Json;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Grading;
using Mobility.CarpoolProof.Pipeline;
using Mobility.CarpoolProof.Rules;
using Mobility.City;
using Mobility.Simulation.Day.World;

namespace Mobility.Simulation.Day.Run;

public sealed partial class DayRunner
{
    /// <summary>Fraud kinds and the rule each should trip (the truth the report scores the node against).</summary>
    public static readonly IReadOnlyDictionary<string, string> FraudRules = new Dictionary<string, string>
    {
        ["overlap"] = RuleLabel.InteroperatorOverlap,
        ["invented_distance"] = RuleLabel.DistanceDurationAnomaly,
        ["driver_is_passenger"] = RuleLabel.DriverIsPassenger,
        ["too_many_trips"] = RuleLabel.InteroperatorTooManyTripsByDay,
        ["replayed_statement"] = RuleLabel.ReplayedStatement,
        ["class_a_aimed"] = RuleLabel.InteroperatorOverlap,
    };

    /// <summary>How long after a ride its operator declares the replay (re-signed over the ride's exchange).</summary>
    private const int ReplayAfterMinutes = 90;

    /// <summary>
    /// The operator declares a ride that happened: honestly, with an invented distance, also at a second operator
    /// (overlap), followed later by a second journey re-signed over the same exchange (replayed statement), or honestly
    /// while another operator claims the passenger for the same time with a class A declaration (class A aimed).
    /// </summary>
    private async Task DeclareRideAsync(string op, string offerId, int driver, Traveler passenger, PlannedTrip trip, PlanLeg leg, CancellationToken ct)
    {
        var id = $"sim{passenger.Index}n{trip.Number}";
        var start = new TimeGeoPoint(leg.Departure.ToUniversalTime(), leg.FromLat, leg.FromLon);
        var end = new TimeGeoPoint(leg.Arrival.ToUniversalTime(), leg.ToLat, leg.ToLon);
        var distance = (long)Math.Round(leg.DistanceMeters);
        var u = SimRandom.Unit(_s.Seed, DayStream.Fraud, passenger.Index, trip.Number);
        // Frauds are drawn only on rides long enough to be declared: a refusal for distance would hide the rule scored.
        var eligible = distance >= DeclarationRules.MinDistanceMeters;
        var f = _s.Fraud;
        var crossOperator = _s.Operators.Count > 1;
        var overlap = eligible && crossOperator && u < f.Overlap;
        var invented = eligible && !overlap && u >= f.Overlap && u < f.Overlap + f.InventedDistance;
        var replayed = eligible && u >= f.Overlap + f.InventedDistance && u < f.Overlap + f.InventedDistance + f.ReplayedStatement;
        var aimed = eligible && crossOperator && u >= f.Overlap + f.InventedDistance + f.ReplayedStatement && u < f.JourneyShares;
        // One operator trip per driver's ride: the registry counts a driver's trips a day by operator_trip_id, whatever the passengers.
        var ride = "ride" + offerId.Replace("-", "n", StringComparison.Ordinal);
        // A journey that another declaration refers to is sent at once: in a batch flushed later it would come second.
        var d = await DeclareAsync(op, $"t{driver}", $"t{passenger.Index}", id, ride, start, invented ? distance * 5 : distance,
            end, overlap ? "overlap" : invented ? "invented_distance" : null, Batched(passenger.Index, trip.Number) && !replayed && !aimed, ct);
        var other = _s.Operators[(_s.Operators.ToList().IndexOf(op) + 1) % _s.Operators.Count];
        if (overlap)
        {
            // The same passenger, at the same time, in another operator's car with an accomplice driver.
            await DeclareAsync(other, $"x-accomplice-{id}", $"t{passenger.Index}", id + "dup", "trip" + id + "dup", start with { Datetime = start.Datetime.AddMinutes(1) }, distance,
                end with { Datetime = end.Datetime.AddMinutes(1) }, "overlap", false, ct);
        }
        else if (aimed)
        {
            // Another operator names the passenger, with an accomplice driver and no device statement (class A), in the
            // same minutes: weaker evidence, so it is the one flagged, and the passenger's class C journey stays paid.
            _outcome.AimedAt.Enqueue((op, id));
            await DeclareAsync(other, $"x-claimer-{id}", $"t{passenger.Index}", id + "cla", "trip" + id + "cla", start with { Datetime = start.Datetime.AddMinutes(1) }, distance,
                end with { Datetime = end.Datetime.AddMinutes(1) }, "class_a_aimed", false, ct, ProofClass.A);
        }
        else if (replayed)
        {
            // Later, the same operator declares another journey of the same two people whose devices' statements are
            // signed over the exchange of this ride (a statement replayed, or re-signed over a used challenge).
            var challenge = d.Evidence.Pickups.Count > 0 ? d.Evidence.Pickups[0].Challenge : null;
            var later = ReplayAfterMinutes;
            Later(MinuteOf(leg.Arrival) + later + 10, SlicePhase.Declare, Key(passenger.Index, 1_000 + trip.Number), c => DeclareAsync(op, $"t{driver}", $"t{passenger.Index}",
                id + "rep", ride + "rep", start with { Datetime = start.Datetime.AddMinutes(later) }, distance, end with { Datetime = end.Datetime.AddMinutes(later) },
                "replayed_statement", false, c, ProofClass.C, challenge));
        }
    }

    private bool Batched(long index, long sub) => SimRandom.Unit(_s.Seed, DayStream.Batch, index, sub) < _s.BatchShare;

    /// <summary>Signs and sends one declaration (or queues it for its operator's next signed batch) and records the answer.</summary>
    private async Task<SignedDeclaration> DeclareAsync(string op, string driver, string passenger, string id, string tripId, TimeGeoPoint start, long distance, TimeGeoPoint end,
        string? fraud, bool batch, CancellationToken ct, ProofClass cls = ProofClass.C, string? reuseChallenge = null)
    {
        var token = await OperatorTokenAsync(op, ct);
        await _desk.BindAsync(_api, token, op, driver, ct);
        await _desk.BindAsync(_api, token, op, passenger, ct);
        var d = SyntheticCarpools.Declare(_desk.Operators[op], _desk.Person(driver), _desk.Person(passenger), id, tripId, start, end, distance, cls, reuseChallenge ?? _desk.Challenge(op, id));
        var truth = fraud switch
        {
            null => null,
            // With one operator the per-operator rule answers first (422) and no cross-operator one is reached.
            "too_many_trips" when _s.Operators.Count == 1 => RuleLabel.TooManyTripsByDay,
            _ => FraudRules[fraud],
        };
        var record = new Declared(op, id, truth, batch);
        _outcome.Declarations.Enqueue(record);
        if (batch)
        {
            _batches.GetOrAdd(op, _ => new ConcurrentQueue<(SignedDeclaration, Declared)>()).Enqueue((d, record));
            return d;
        }

        var a = await _api.SendAsync("POST /v3/journeys", HttpMethod.Post, "/v3/journeys", token, DeclarationJson.SerializeToUtf8(d), ct);
        Read(record, a.Status, a.Text.Length > 0 && a.Text[0] == '{' ? a.Json : default);
        return d;
    }

    /// <summary>Each operator sends what it queued as one operator-signed batch.</summary>
    private async Task FlushBatchesAsync(CancellationToken ct)
    {
        foreach (var (op, queue) in _batches)
        {
            var items = new List<(SignedDeclaration D, Declared R)>();
            while (items.Count < 1000 && queue.TryDequeue(out var x))
            {
                items.Add(x);
            }

            if (items.Count == 0)
            {
                continue;
            }

            var batch = Signing.SignBatch(op, items.Select(i => i.D), _desk.Operators[op].Key);
            var a = await _api.SendAsync("POST /v3/journeys/batch", HttpMethod.Post, "/v3/journeys/batch", await OperatorTokenAsync(op, ct), DeclarationJson.SerializeToUtf8(batch), ct);
            Require(a, $"batch of {items.Count} declarations of {op}");
            var results = a.Json.GetProperty("results");
            for (var k = 0; k < items.Count; k++)
            {
                var r = results[k];
                if (r.GetProperty("operator_journey_id").GetString() != items[k].R.JourneyId)
                {
                    throw new DayRunException($"the batch answer of {op} is not in batch order at {k}");
                }

                Read(items[k].R, r.GetProperty("status").GetInt32(), r);
            }
        }
    }

    /// <summary>Reads a declaration's answer: the journey's status and labels, or the refusal's labels.</summary>
    private static void Read(Declared record, int status, JsonElement body)
    {
        record.HttpStatus = status;
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (status >= 400)
        {
            record.Refusal = $"{(body.TryGetProperty("title", out var t0) ? t0.GetString() : null)}: {(body.TryGetProperty("detail", out var d0) ? d0.GetString() : null)}";
        }

        if (body.TryGetProperty("journey", out var j) && j.ValueKind == JsonValueKind.Object)
        {
            record.Status = j.GetProperty("status").GetString();
            foreach (var l in j.GetProperty("labels").EnumerateArray())
            {
                record.Labels.Add(l.GetString()!);
            }
        }
        else if (body.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
        {
            foreach (var l in labels.EnumerateArray())
            {
                record.Labels.Add(l.GetString()!);
            }
        }
    }

    /// <summary>
    /// Fraudsters outside the population: people who declare themselves as their own passenger, and pairs who declare
    /// six rides in the day across the operators (the fifth and sixth are over the registry's four a day).
    /// </summary>
    private void ScheduleFraudRings()
    {
        var places = _population.Use.All;
        (CityIntersection A, CityIntersection B) Ride(long k)
        {
            for (var n = 0; ; n++)
            {
                var a = places[SimRandom.Below(_s.Seed, DayStream.Fraud, k, places.Count, 2 * n + 1_000)];
                var b = places[SimRandom.Below(_s.Seed, DayStream.Fraud, k, places.Count, 2 * n + 1_001)];
                if (Population.Distance(a, b) is > 3_000 and < 6_000 || n > 200)
                {
                    return (a, b);
                }
            }
        }

        TimeGeoPoint Point(CityIntersection p, int minute) => new(At(minute).ToUniversalTime(), p.Latitude, p.Longitude);
        var ops = _s.Operators;
        for (var k = 0; k < _s.Fraud.DriverIsPassenger; k++)
        {
            var (a, b) = Ride(-1 - k);
            var startMinute = 7 * 60 + SimRandom.Below(_s.Seed, DayStream.Fraud, -1 - k, 11 * 60, 1);
            var minutes = (int)Math.Ceiling(Population.Distance(a, b) * 1.3 / 500) + 2; // 30 km/h
            var person = $"x-self-{k}";
            var op = ops[k % ops.Count];
            var kk = k;
            Later(startMinute + minutes + 10, SlicePhase.Declare, Key(-1 - kk), async ct => await DeclareAsync(op, person, person, $"simself{kk}", $"tripself{kk}", Point(a, startMinute), (long)(Population.Distance(a, b) * 1.3),
                Point(b, startMinute + minutes), "driver_is_passenger", false, ct));
        }

        for (var k = 0; k < _s.Fraud.TooManyTrips; k++)
        {
            var driver = $"x-busy-driver-{k}";
            var passenger = $"x-busy-passenger-{k}";
            for (var n = 0; n < 6; n++)
            {
                var (a, b) = Ride(10_000 + (k * 10) + n);
                var startMinute = 6 * 60 + 30 + (n * 150) + (k % 30);
                var minutes = (int)Math.Ceiling(Population.Distance(a, b) * 1.3 / 500) + 2;
                var op = ops[n % ops.Count];
                var id = $"simbusy{k}n{n}";
                // The fifth and sixth rides are the fraud; the first four are within the terms.
                var fraud = n >= 4 ? "too_many_trips" : null;
                Later(startMinute + minutes + 10, SlicePhase.Declare, Key(-1_000 - k, n), async ct => await DeclareAsync(op, driver, passenger, id, "trip" + id, Point(a, startMinute), (long)(Population.Distance(a, b) * 1.3),
                    Point(b, startMinute + minutes), fraud, false, ct));
            }
        }
    }
}

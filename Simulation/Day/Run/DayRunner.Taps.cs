using System.Collections.Concurrent;
using System.Globalization;
using Mobility.Simulation.Day.World;
using Mobility.Ticketing.Capping;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// Account-based ticketing (docs/ticketing.md, "In the node"): a traveler who rides transit has an account and shows
/// its medium; each transit leg is a tap at the leg's departure, queued at its agency and uploaded in batches once an
/// hour and at the end, as offline validators sync; after the day the clearing draft of the month is read back.
/// </summary>
public sealed partial class DayRunner
{
    private readonly ConcurrentDictionary<int, Lazy<Task<string>>> _media = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TapSent>> _taps = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _tapMonths = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<TapSent>> _tapsByMedium = new(StringComparer.Ordinal);

    /// <summary>The node's cap scheme: the in-process node is started without <c>Mobility:Ticketing:CapScheme</c>, so its default.</summary>
    private const string CapScheme = "navigo-2025";

    /// <summary>A tap as a validator records it: the operator's id for it, when, the medium shown, the uncapped fare, the tier.</summary>
    private sealed record TapSent(string Id, DateTimeOffset Time, string Medium, long Fare, string Tier, string Validator);

    /// <summary>Every transit leg of the itinerary the traveler rides becomes a tap of its agency, queued at the leg's departure.</summary>
    private async Task TapTransitLegsAsync(Traveler t, PlannedTrip trip, PlanOption option, CancellationToken ct)
    {
        for (var i = 0; i < option.Legs.Count; i++)
        {
            var leg = option.Legs[i];
            if (leg.Mode != "transit")
            {
                continue;
            }

            if (leg.BookingOperator is not { } op || !_agencies.TryGetValue(op, out var agency))
            {
                _outcome.TransitUntapped.AddOrUpdate(leg.BookingOperator ?? leg.Operator ?? "(no operator)", 1, (_, c) => c + 1);
                continue;
            }

            // The planner prices a ride at its network's fare, a connection inside the itinerary at 0: anything else
            // means the validators and the planner disagree on the fare, which the ledger reports.
            if (leg.PriceCents is { } price && price != 0 && price != agency.FareCents)
            {
                _outcome.FareDisagreements.Enqueue($"{op} leg priced {price} by /plan, single fare {agency.FareCents}");
            }

            var medium = await MediumAsync(t.Index, ct);
            var tap = new TapSent($"t{t.Index}-{trip.Number}-{i}", leg.Departure, medium, agency.FareCents, agency.Tier, leg.FromStop ?? op);
            _tapMonths.TryAdd(TimeZoneInfo.ConvertTime(leg.Departure, _zone).ToString("yyyy-MM", CultureInfo.InvariantCulture), 0);
            _tapsByMedium.GetOrAdd(medium, _ => new ConcurrentQueue<TapSent>()).Enqueue(tap);
            var queue = _taps.GetOrAdd(op, _ => new ConcurrentQueue<TapSent>());
            Later(MinuteOf(leg.Departure), SlicePhase.Ride, Key(t.Index, (trip.Number * 100) + i), _ =>
            {
                queue.Enqueue(tap);
                return Task.CompletedTask;
            });
        }
    }

    /// <summary>The traveler's medium (<c>GET /me/account</c>), read once; the account is the one a carpool booking uses.</summary>
    private Task<string> MediumAsync(int traveler, CancellationToken ct) =>
        _media.GetOrAdd(traveler, _ => new Lazy<Task<string>>(async () =>
        {
            var key = await AccountOfAsync(traveler, ct);
            var a = await _api.GetAsync("GET /me/account", "/me/account", await _credentials.TokenAsync(key, ct), ct);
            Require(a, $"reading the account of traveler {traveler}");
            return a.Json.GetProperty("medium").GetString()!;
        })).Value;

    private Task<string> AccountOfAsync(int traveler, CancellationToken ct) =>
        _accounts.GetOrAdd(traveler, _ => new Lazy<Task<string>>(() => NewAccountAsync(ct))).Value;

    /// <summary>Each agency uploads what its validators queued, in time order, 1,000 taps a request; every answer is tallied.</summary>
    private async Task FlushTapsAsync(CancellationToken ct)
    {
        foreach (var (op, queue) in _taps.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var queued = new List<TapSent>();
            while (queue.TryDequeue(out var x))
            {
                queued.Add(x);
            }

            // The queue's order depends on which traveler's task ran first; the upload's must not.
            queued.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Id, b.Id));
            var tally = _outcome.Tickets.GetOrAdd(op, id => new OperatorTickets(id));
            foreach (var chunk in queued.Chunk(1000))
            {
                var body = new
                {
                    taps = chunk.Select(x => new { id = x.Id, time = x.Time, medium = x.Medium, fare = x.Fare, tier = x.Tier, validator = x.Validator }).ToArray(),
                };
                var a = await _api.PostJsonAsync("POST /operators/{id}/taps", $"/operators/{op}/taps", await OperatorTokenAsync(op, ct), body, ct);
                Require(a, $"upload of {chunk.Length} taps of {op}");
                var results = a.Json.GetProperty("results");
                if (results.GetArrayLength() != chunk.Length)
                {
                    throw new DayRunException($"the tap upload of {op} answered {results.GetArrayLength()} results for {chunk.Length} taps");
                }

                for (var k = 0; k < chunk.Length; k++)
                {
                    var r = results[k];
                    if (r.GetProperty("id").GetString() != chunk[k].Id)
                    {
                        throw new DayRunException($"the tap upload answer of {op} is not in upload order at {k}");
                    }

                    var outcome = r.GetProperty("outcome").GetString()!;
                    tally.Uploaded++;
                    tally.Outcomes[outcome] = tally.Outcomes.GetValueOrDefault(outcome) + 1;
                    if (outcome == "charged")
                    {
                        tally.ChargedAtUpload += r.GetProperty("charged").GetInt64();
                        tally.Fares += chunk[k].Fare;
                    }
                    else
                    {
                        tally.Refusals.Add($"{chunk[k].Id}: {outcome} {(r.TryGetProperty("reason", out var why) ? why.ToString() : "")}");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The last taps, then the clearing drafts of the months the taps fall in and every tapping account's total; the
    /// ledger's checks: every tap charged, the accounts' charges are the clearing's revenue to the cent, the operators'
    /// shares add up to it, each account is charged what the scheme gives for its taps taken in time order.
    /// </summary>
    private async Task FinishTicketsAsync(string authority, CancellationToken ct)
    {
        await FlushTapsAsync(ct);
        long revenue = 0, shares = 0, cleared = 0;
        foreach (var month in _tapMonths.Keys.Order(StringComparer.Ordinal))
        {
            var a = await _api.GetAsync("GET /authority/clearing/{month}", $"/authority/clearing/{month}", authority, ct);
            Require(a, $"reading the clearing draft of {month}");
            var draft = a.Json.GetProperty("draft");
            revenue += draft.GetProperty("revenue").GetInt64();
            cleared += draft.GetProperty("tickets").GetInt64();
            foreach (var line in draft.GetProperty("operators").EnumerateArray())
            {
                var tally = _outcome.Tickets.GetOrAdd(line.GetProperty("operator").GetString()!, id => new OperatorTickets(id));
                tally.Cleared += line.GetProperty("amount").GetInt64();
                tally.ClearedLegs += line.GetProperty("legs").GetInt64();
                shares += line.GetProperty("amount").GetInt64();
            }
        }

        // What each account is charged now (late taps may have lowered earlier charges: the tap answers are what each
        // tap cost when it arrived, the account what the day costs).
        // The truth: each medium's taps recorded once, in time order, by the Ticketing library under the node's scheme.
        // The node got them in hourly batches per agency, out of order across agencies, and re-charged as they came.
        var engine = new CappingEngine(CapSchemes.Shipped(CapScheme));
        long accounts = 0, expected = 0;
        var differ = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(_media.Keys.Order(), new ParallelOptions { MaxDegreeOfParallelism = _s.Concurrency, CancellationToken = ct }, async (traveler, c) =>
        {
            var key = await AccountOfAsync(traveler, c);
            var medium = await MediumAsync(traveler, c);
            var a = await _api.GetAsync("GET /me/account", "/me/account", await _credentials.TokenAsync(key, c), c);
            Require(a, $"reading the account of traveler {traveler}");
            var charged = a.Json.GetProperty("charged").GetInt64();
            var truth = new CappingAccount(engine);
            foreach (var tap in (_tapsByMedium.TryGetValue(medium, out var q) ? q.ToList() : []).OrderBy(x => x.Time).ThenBy(x => x.Id, StringComparer.Ordinal))
            {
                truth.Record(new Tap(tap.Id, tap.Time, medium, tap.Fare, tap.Tier));
            }

            Interlocked.Add(ref accounts, charged);
            Interlocked.Add(ref expected, truth.Balance);
            if (charged != truth.Balance)
            {
                differ.Enqueue($"traveler {traveler}: charged {charged}, in time order {truth.Balance}");
            }
        });

        var tallies = _outcome.Tickets.Values.ToList();
        var uploaded = tallies.Sum(x => x.Uploaded);
        var charged = tallies.Sum(x => x.Outcomes.GetValueOrDefault("charged"));
        _outcome.TicketRevenue = revenue;
        _outcome.TicketAccountsCharged = accounts;
        _outcome.TicketAccounts = _media.Count;
        _outcome.Checks.Add(new LedgerCheck("every tap uploaded is answered charged", charged == uploaded,
            $"{uploaded:N0} taps uploaded by {tallies.Count(x => x.Uploaded > 0)} operators, {charged:N0} charged" +
            (charged == uploaded ? "" : "; first others: " + string.Join("; ", tallies.SelectMany(x => x.Refusals).Take(3)))));
        _outcome.Checks.Add(new LedgerCheck("every ticket is cleared to the cent: the clearing drafts' revenue is what the accounts are charged", revenue == accounts,
            $"{revenue:N0} cents of revenue in the clearing drafts of {string.Join(", ", _tapMonths.Keys.Order(StringComparer.Ordinal))} ({cleared:N0} clearing tickets); " +
            $"{accounts:N0} cents charged to {_media.Count:N0} accounts; {tallies.Sum(x => x.ChargedAtUpload):N0} cents answered at upload"));
        _outcome.Checks.Add(new LedgerCheck("the operators' shares of the clearing add up to its revenue", shares == revenue,
            $"{shares:N0} cents shared between {tallies.Count(x => x.ClearedLegs > 0)} operators, {revenue:N0} cents of revenue"));
        _outcome.Checks.Add(new LedgerCheck($"each account is charged what {CapScheme} gives for its taps in time order", differ.IsEmpty,
            $"{_media.Count - differ.Count:N0} of {_media.Count:N0} accounts agree; {accounts:N0} cents charged, {expected:N0} cents in time order" +
            (differ.IsEmpty ? "" : "; " + string.Join("; ", differ.Order(StringComparer.Ordinal).Take(3)))));
        var disagreements = _outcome.FareDisagreements.ToList();
        _outcome.Checks.Add(new LedgerCheck("the planner quotes the validators' fares", disagreements.Count == 0,
            $"{disagreements.Count:N0} transit legs priced otherwise" + (disagreements.Count == 0 ? "" : ": " + disagreements[0])));
    }
}

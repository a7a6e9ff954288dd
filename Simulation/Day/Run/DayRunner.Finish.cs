using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.Simulation.Day.Run;

public sealed partial class DayRunner
{
    /// <summary>After the day: waits for the campaigns to count, reads every journey's final status and the log, and checks the ledger.</summary>
    private async Task FinishAsync(CancellationToken ct)
    {
        _slice = LastMinute;
        _clock.AdvanceTo(At(LastMinute));
        var authority = await _credentials.TokenAsync(Authority, ct);

        // Final statuses: a later journey may have flagged an earlier one.
        var byId = _outcome.Declarations.ToDictionary(d => (d.OperatorId, d.JourneyId));
        long? after = null;
        do
        {
            var page = await _api.GetAsync("GET /authority/journeys", "/authority/journeys?limit=500" + (after is { } a ? $"&after={a}" : ""), authority, ct);
            Require(page, "listing the territory's journeys");
            foreach (var j in page.Json.GetProperty("journeys").EnumerateArray())
            {
                if (byId.TryGetValue((j.GetProperty("operator_id").GetString()!, j.GetProperty("operator_journey_id").GetString()!), out var d))
                {
                    d.FinalStatus = j.GetProperty("status").GetString();
                    foreach (var l in j.GetProperty("labels").EnumerateArray())
                    {
                        d.Labels.Add(l.GetString()!);
                    }
                }
            }

            after = page.Json.TryGetProperty("next", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt64() : null;
        }
        while (after is not null);

        // A journey revoked because a later one overlapped it carries the rule in its revocation reason, not in its labels.
        foreach (var d in _outcome.Declarations.Where(d => d.Status == "ok" && d.FinalStatus is not null and not "ok"))
        {
            var j = await _api.GetAsync("GET /authority/journeys/{operator}/{id}", $"/authority/journeys/{d.OperatorId}/{d.JourneyId}", authority, ct);
            Require(j, $"reading journey {d.OperatorId}/{d.JourneyId}");
            var reason = j.Json.TryGetProperty("revocation_reason", out var r) ? r.GetString() ?? "" : "";
            foreach (var rule in FraudRules.Values.Where(rule => reason.Contains(rule, StringComparison.Ordinal)))
            {
                d.Labels.Add(rule);
            }

            d.Revocation = reason;
        }

        // What the campaigns must hold: every journey acknowledged with a 201 (whatever its status), once; those not
        // ok at the end (fraud or anomaly at once, or flagged later by another journey) as not accepted.
        var acknowledged = _outcome.Declarations.Count(d => d.HttpStatus == 201);
        var notOk = _outcome.Declarations.Count(d => d.HttpStatus == 201 && d.FinalStatus != "ok");
        await ReadCampaignsAsync(authority, acknowledged, ct);
        foreach (var c in _outcome.Campaigns)
        {
            _outcome.Checks.Add(new LedgerCheck($"campaign {c.Id} counts every acknowledged journey once", c.Journeys == acknowledged,
                $"{c.Journeys:N0} journeys in the campaign, {acknowledged:N0} declarations answered 201"));
            _outcome.Checks.Add(new LedgerCheck($"campaign {c.Id} pays no journey that is not ok", c.NotAccepted == notOk,
                $"{c.NotAccepted:N0} not accepted in the campaign, {notOk:N0} acknowledged journeys whose final status is not ok"));
            _outcome.Checks.Add(new LedgerCheck($"campaign {c.Id} stays within its budget", c.BudgetCents is null || c.PaidCents <= c.BudgetCents,
                $"{c.PaidCents:N0} cents paid of {c.BudgetCents?.ToString("N0", CultureInfo.InvariantCulture) ?? "no"} budget"));
        }

        var unanswered = _outcome.Declarations.Count(d => d.HttpStatus == 0);
        _outcome.Checks.Add(new LedgerCheck("every declaration was answered", unanswered == 0, $"{unanswered} without an answer"));
        var recorded = _outcome.Declarations.Where(d => d.HttpStatus == 201).ToList();
        var missing = recorded.Count(d => d.FinalStatus is null);
        _outcome.Checks.Add(new LedgerCheck("every journey answered 201 is in the authority's list", missing == 0, $"{recorded.Count:N0} answered 201, {missing} missing from GET /authority/journeys"));

        // Weaker evidence never revokes stronger (docs/proofs.md, "Overlapping journeys"): a class C journey that another
        // operator claimed with a class A declaration keeps its status.
        var byKey = _outcome.Declarations.ToDictionary(d => (d.OperatorId, d.JourneyId));
        var aimed = _outcome.AimedAt.ToList();
        var harmed = aimed.Where(v => !byKey.TryGetValue(v, out var d) || d.FinalStatus != "ok").Select(v => $"{v.Operator}/{v.JourneyId}").Order(StringComparer.Ordinal).ToList();
        _outcome.Checks.Add(new LedgerCheck("no class C journey is revoked by another operator's class A claim", harmed.Count == 0,
            $"{aimed.Count:N0} class C journeys claimed by a class A declaration elsewhere, {aimed.Count - harmed.Count:N0} still ok" + (harmed.Count == 0 ? "" : ": " + string.Join(", ", harmed.Take(3)))));

        await FinishTicketsAsync(authority, ct);

        var last = await CheckpointAsync(ct);
        _checkpoints.Add(("after the day", last));
        var before = _checkpoints[0].Checkpoint;
        _outcome.CheckpointBefore = before.Size;
        _outcome.CheckpointAfter = last.Size;
        for (var k = 1; k < _checkpoints.Count; k++)
        {
            var (w0, c0) = _checkpoints[k - 1];
            var (w1, c1) = _checkpoints[k];
            var proof = c0.Size == c1.Size || c0.Size == 0 ? null : await _api.GetAsync("GET /log/proofs/consistency", $"/log/proofs/consistency?from={c0.Size}&to={c1.Size}", null, ct);
            var consistent = c0.Size == 0 ? c1.Size >= 0
                : c0.Size == c1.Size ? c0.RootHash.AsSpan().SequenceEqual(c1.RootHash)
                : c0.Size < c1.Size && proof is { Ok: true } && ProofVerifier.VerifyConsistency(c0.Size, c1.Size, c0.RootHash, c1.RootHash,
                    [.. proof.Json.GetProperty("path").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString()!))]);
            _outcome.Checks.Add(new LedgerCheck($"the log's checkpoints {w0} and {w1} are consistent (RFC 9162 2.1.4)", consistent,
                $"signed checkpoints of size {c0.Size:N0} and {c1.Size:N0}" + (proof is { Ok: false } ? $", consistency proof refused: HTTP {proof.Status}" : "")));
        }

        // One leaf per journey recorded, one status-change leaf per journey revoked after it was accepted ok.
        var revoked = recorded.Count(d => d.Status == "ok" && d.FinalStatus != "ok");
        _outcome.Checks.Add(new LedgerCheck("the log holds one leaf per journey recorded and per revocation", last.Size - before.Size == recorded.Count + revoked,
            $"{last.Size - before.Size:N0} leaves appended; {recorded.Count:N0} journeys recorded, {revoked:N0} revoked after acceptance"));
    }

    /// <summary>Reads each campaign's overview until it holds every accepted journey (the campaigns read the journal once a second) or 60 s pass.</summary>
    private async Task ReadCampaignsAsync(string authority, int expected, CancellationToken ct)
    {
        var wait = Stopwatch.StartNew();
        foreach (var doc in _s.Campaigns)
        {
            var id = doc.GetProperty("id").GetString()!;
            CampaignResult? result;
            do
            {
                var a = await _api.GetAsync("GET /authority/{territory}/campaigns/{id}", $"/authority/{_s.Territory}/campaigns/{id}", authority, ct);
                Require(a, "reading campaign " + id);
                var j = a.Json;
                var notAccepted = j.TryGetProperty("ineligible", out var inel) ? inel.EnumerateObject().Where(p => p.Name is "not_accepted" or "NotAccepted").Sum(p => p.Value.GetInt32()) : 0;
                result = new CampaignResult(id, j.GetProperty("paid_cents").GetInt64(), j.TryGetProperty("budget_cents", out var b) ? b.GetInt64() : null,
                    j.GetProperty("journeys").GetInt32(), j.GetProperty("eligible").GetInt32(), notAccepted, j.GetProperty("paid_awards").GetInt32());
                if (result.Journeys >= expected || wait.Elapsed > TimeSpan.FromSeconds(60))
                {
                    break;
                }

                await Task.Delay(500, ct);
            }
            while (true);

            _outcome.Campaigns.Add(result);
        }
    }
}

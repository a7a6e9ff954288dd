using System.Text.Json.Serialization;
using Mobility.Actors.Accounts;

namespace Mobility.Node.Api;

/// <summary>
/// Body of <c>POST /operators/{id}/taps</c>: 1-1,000 validations recorded by the operator's validators, on time or
/// uploaded late by offline ones. Read strictly: unknown members, numbers as strings and times without offset are refused.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TapUploadRequest(IReadOnlyList<TapUploadItem>? Taps);

/// <summary>
/// One tap: the operator's id for it (unique per operator: a retried upload is recognised), when, the medium shown (the
/// ticket's <c>medium</c>, or a registered card's id, <c>card-</c> + SHA-256 of its token as docs/ticketing.md says), its
/// uncapped fare in minor units of the scheme's currency, the cap tier it counts toward, optionally the validator, and
/// optionally <c>carpool</c>: the attestation of the carpool journey the traveler showed for a connecting leg that a
/// campaign grants (charged 0, paid by the campaign; one leg per journey).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
[JsonNumberHandling(JsonNumberHandling.Strict)]
public sealed record TapUploadItem(
    string? Id,
    [property: JsonConverter(typeof(OffsetTimeConverter))] DateTimeOffset? Time,
    string? Medium,
    long? Fare,
    string? Tier,
    string? Validator,
    string? Carpool = null);

/// <summary>
/// What became of each tap, in the upload's order: <c>charged</c> (with the amount; for a tap with an attestation, the
/// reason says whether the campaign pays it), <c>duplicate</c>, <c>refused</c> (with the reason) or <c>unavailable</c> (upload it again).
/// </summary>
public sealed record TapUploadResponse(IReadOnlyList<TapResultDto> Results);

public sealed record TapResultDto(string Id, string Outcome, long? Charged, string? Reason)
{
    public static TapResultDto Of(TapResult r, string? note = null) =>
        new(r.TapId, r.Outcome.ToString().ToLowerInvariant(), r.Charged, r.Outcome == TapOutcome.Charged ? note ?? r.Reason : r.Reason);
}

/// <summary>
/// A traveler's account: its medium (what tickets carry and validators report), the capping scheme and currency, the
/// taps newest first with what each costs now, and the totals: <c>fares</c> uncapped, <c>charged</c> after caps and free
/// connections, <c>saved</c> the difference. <c>entries</c> is the append-only ledger, newest first: a tap recharged
/// after a late upload shows as a reversal and a new charge, never as an edit. <c>credited</c> is what incentive
/// campaigns credited (<c>credits</c>, per source), which pays fares: <c>due</c> is <c>charged</c> less it (negative: in
/// the traveler's favour).
/// </summary>
public sealed record AccountResponse(
    string Medium,
    string? Scheme,
    string Currency,
    long Fares,
    long Charged,
    long Saved,
    int TapCount,
    IReadOnlyList<AccountTapDto> Taps,
    IReadOnlyList<LedgerEntryDto> Entries,
    long Credited,
    long Due,
    IReadOnlyDictionary<string, long> Credits,
    IReadOnlyList<CapProgressDto> Caps)
{
    public const int Shown = 200;

    /// <param name="engine">The node's capping engine: each cap's progress in the period that holds <paramref name="now"/>.</param>
    public static AccountResponse Of(AccountView v, Mobility.Ticketing.Capping.CappingEngine engine, DateTimeOffset now)
    {
        var currency = engine.Scheme.Currency;
        var refunded = v.Refunded ?? new HashSet<string>();
        var fares = v.Taps.Where(t => !refunded.Contains(t.Tap.Id)).Sum(t => t.Tap.Fare);
        var charged = v.Charged.Values.Sum();
        var credits = v.Credits ?? new Dictionary<string, long>();
        var credited = credits.Values.Sum();
        return new(v.Medium, v.Scheme, currency, fares, charged, fares - charged, v.Taps.Count,
            [.. v.Taps.OrderByDescending(t => t.Tap.Time).Take(Shown).Select(t => new AccountTapDto(
                t.Tap.Id[(t.OperatorId.Value.Length + 1)..], t.OperatorId.Value, t.Tap.Time, t.Tap.Fare, t.Tap.Tier, v.Charged.GetValueOrDefault(t.Tap.Id), t.Validator,
                refunded.Contains(t.Tap.Id), t.Via, t.Carpool?.Campaign))],
            [.. v.Entries.Reverse().Take(Shown).Select(e => new LedgerEntryDto(e.Sequence, e.TapId, e.Kind.ToString().ToLowerInvariant(), e.Amount, e.Reason))],
            credited, charged - credited, credits, Progress(v, engine, now));
    }

    private static List<CapProgressDto> Progress(AccountView v, Mobility.Ticketing.Capping.CappingEngine engine, DateTimeOffset now)
    {
        // The taps the caps count: not refunded, not a connecting leg a carpool campaign pays.
        var scheme = engine.Scheme;
        var refunded = v.Refunded ?? new HashSet<string>();
        var taps = v.Taps.Where(t => t.Carpool is null && !refunded.Contains(t.Tap.Id)).Select(t => t.Tap).ToList();
        return [.. engine.Progress(taps, now)
            .Select(p => new CapProgressDto(p.CapId, p.Period.ToString().ToLowerInvariant(), p.Amount, p.Spent, p.Remaining,
                p.Ends is { } end ? new DateTimeOffset(end, scheme.TimeZone.GetUtcOffset(end)) : null))];
    }
}

/// <summary>
/// A cap of the node's scheme as the account stands under it now: <c>spent</c> of <c>amount</c> (minor units) in the
/// period that holds now (<c>day</c>, <c>week</c> or <c>rolling</c>), <c>remaining</c> before rides are free, and when the
/// period ends (null: a rolling window no tap has opened).
/// </summary>
public sealed record CapProgressDto(string Id, string Period, long Amount, long Spent, long Remaining, DateTimeOffset? Ends);

/// <summary>
/// A tap as the account shows it; <c>refunded</c> taps are charged 0 and count toward no cap. <c>medium</c>: the card it
/// was read from (null: the app medium); <c>paidBy</c>: the carpool campaign that pays this connecting leg (charged 0,
/// counts toward no cap).
/// </summary>
public sealed record AccountTapDto(string Id, string OperatorId, DateTimeOffset Time, long Fare, string Tier, long Charged, string? Validator, bool Refunded,
    string? Medium, string? PaidBy);

/// <summary>An operator's refund of one of its taps: the medium it was recorded on and why.</summary>
public sealed record TapRefundRequest(string? Medium, string? Reason);

/// <summary>The entries a refund caused: the reversal of the tap's charge and the re-charges of its period.</summary>
public sealed record TapRefundResponse(string TapId, IReadOnlyList<LedgerEntryDto> Entries);

public sealed record LedgerEntryDto(long Sequence, string TapId, string Kind, long Amount, string Reason);

using System.Collections.Immutable;
using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Accounts;

/// <summary>
/// The pure state of one medium's account (a traveler's app medium or card): its taps and the append-only ledger of
/// their charges under the node's capping scheme. <see cref="Process"/> decides with the scheme's engine; no clock, no I/O.
/// Caps never mix media (TfL, OMNY), so a medium is the unit that is capped.
/// </summary>
public sealed record AccountState(
    string? Medium,
    TravelerId? Owner,
    DateTimeOffset OpenedAt,
    string? Scheme,
    ImmutableList<RecordedTap> Taps,
    ImmutableDictionary<string, long> Posted,
    ImmutableList<ChargeEntry> Entries,
    ImmutableDictionary<string, long>? Credits = null,
    ImmutableHashSet<string>? Refunded = null) : IPersistedSnapshot
{
    /// <summary>A medium holds this many taps at most (about 10 years of daily commuting); beyond, a new medium.</summary>
    public const int MaxTaps = 10_000;

    public const int MaxTapIdLength = 64;
    public const long MaxFare = 100_000_000;

    /// <summary>A tap further in the future than this, by the operator's upload time, is refused (a validator's clock gone wrong).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(1);

    /// <summary>How late an offline validator may upload a tap.</summary>
    public static readonly TimeSpan MaxLate = TimeSpan.FromDays(90);

    public static AccountState Empty { get; } = new(null, null, default, null, [], ImmutableDictionary<string, long>.Empty, []);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exists => Owner is not null;

    public (object Reply, IReadOnlyList<IAccountEvent> Events) Process(IAccountMessage command, CappingEngine engine) => command switch
    {
        AccountCommands.Open o => Open(o),
        AccountCommands.RecordTaps r => Exists ? Record(r, engine) : (new AccountReplies.NotFound(r.Medium), []),
        AccountCommands.Get g => (Exists ? new AccountReplies.Found(ToView()) : new AccountReplies.NotFound(g.Medium), []),
        AccountCommands.Credit c => !Exists ? (new AccountReplies.NotFound(c.Medium), [])
            : c.Owner != Owner ? (new AccountReplies.NotYours(c.Medium), [])
            : CreditFrom(c),
        AccountCommands.RefundTap r => Exists ? Refund(r, engine) : (new AccountReplies.NotFound(r.Medium), []),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not an account command."),
    };

    public AccountState Apply(IAccountEvent @event) => @event switch
    {
        AccountEvents.Opened o => this with { Medium = o.Medium, Owner = o.Owner, OpenedAt = o.At },
        AccountEvents.Credited c => this with { Credits = (Credits ?? ImmutableDictionary<string, long>.Empty).SetItem(c.Source, (Credits?.GetValueOrDefault(c.Source) ?? 0) + c.Amount) },
        AccountEvents.TapsCharged c => this with
        {
            Scheme = c.Scheme,
            Taps = Taps.AddRange(c.Taps),
            Entries = Entries.AddRange(c.Entries),
            Posted = Posted.SetItems(c.Entries.GroupBy(e => e.TapId).Select(g => KeyValuePair.Create(g.Key, Posted.GetValueOrDefault(g.Key) + g.Sum(e => e.Amount)))),
        },
        AccountEvents.TapRefunded r => this with
        {
            Refunded = (Refunded ?? ImmutableHashSet<string>.Empty).Add(r.TapId),
            Entries = Entries.AddRange(r.Entries),
            Posted = Posted.SetItems(r.Entries.GroupBy(e => e.TapId).Select(g => KeyValuePair.Create(g.Key, Posted.GetValueOrDefault(g.Key) + g.Sum(e => e.Amount)))),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an account event."),
    };

    public AccountView ToView() => new(Medium!, Owner!, Scheme, Taps, Posted, Entries, OpenedAt, Credits ?? ImmutableDictionary<string, long>.Empty,
        Refunded ?? ImmutableHashSet<string>.Empty);

    /// <summary>The taps that count (recorded, not refunded), in recording order: what the caps charge.</summary>
    private List<Tap> Counted() => [.. Taps.Select(t => t.Tap).Where(t => Refunded?.Contains(t.Id) != true)];

    private (object, IReadOnlyList<IAccountEvent>) Refund(AccountCommands.RefundTap r, CappingEngine engine)
    {
        var id = r.OperatorId.Value + ":" + r.TapId;
        if (!Taps.Any(t => t.Tap.Id == id))
        {
            return (new AccountReplies.RefundRefused(Medium!, r.TapId, false, "no such tap of this operator on this medium"), []);
        }

        if (Refunded?.Contains(id) == true)
        {
            return (new AccountReplies.RefundRefused(Medium!, r.TapId, true, "the tap is refunded already"), []);
        }

        var reason = r.Reason.Length is 0 or > 200 ? "refund" : r.Reason;
        var rest = Counted().Where(t => t.Id != id).ToList();
        var charges = engine.Charge(rest);
        var entries = new List<ChargeEntry>();
        void Move(string tapId, long charge, string why)
        {
            long? posted = Posted.TryGetValue(tapId, out var p) ? p : null;
            foreach (var (kind, amount) in ChargeEntries.Moves(posted, charge))
            {
                entries.Add(new ChargeEntry(Entries.Count + entries.Count + 1, tapId, kind, amount, why));
            }
        }

        Move(id, 0, "refund: " + reason);
        for (var i = 0; i < rest.Count; i++)
        {
            Move(rest[i].Id, charges[i], "period changed by refund of " + id);
        }

        var refunded = new AccountEvents.TapRefunded(Medium!, id, reason, entries, r.At);
        return (new AccountReplies.Refunded(Medium!, r.TapId, entries), [refunded]);
    }

    private (object, IReadOnlyList<IAccountEvent>) CreditFrom(AccountCommands.Credit c)
    {
        if (c.Source.Length is 0 or > 80 || c.TotalCents is < 0 or > MaxFare)
        {
            return (new AccountReplies.NotFound(c.Medium), []);
        }

        var delta = c.TotalCents - (Credits?.GetValueOrDefault(c.Source) ?? 0);
        if (delta == 0)
        {
            return (new AccountReplies.Found(ToView()), []);
        }

        var credited = new AccountEvents.Credited(c.Medium, c.Source, delta, c.At);
        return (new AccountReplies.Found(Apply(credited).ToView()), [credited]);
    }

    private (object, IReadOnlyList<IAccountEvent>) Open(AccountCommands.Open o)
    {
        if (Exists)
        {
            return Owner == o.Owner ? (new AccountReplies.Found(ToView()), []) : (new AccountReplies.NotYours(o.Medium), []);
        }

        var opened = new AccountEvents.Opened(o.Medium, o.Owner, o.At);
        return (new AccountReplies.Found(Apply(opened).ToView()), [opened]);
    }

    private (object, IReadOnlyList<IAccountEvent>) Record(AccountCommands.RecordTaps r, CappingEngine engine)
    {
        var known = Taps.Select(t => t.Tap.Id).ToHashSet(StringComparer.Ordinal);
        var results = new TapResult[r.Taps.Count];
        var added = new List<(int Index, RecordedTap Tap)>();
        for (var i = 0; i < r.Taps.Count; i++)
        {
            var input = r.Taps[i];
            var id = r.OperatorId.Value + ":" + input.TapId;
            var problem = Problem(input, r.At, engine);
            if (problem is null && known.Contains(id))
            {
                results[i] = new TapResult(input.TapId, TapOutcome.Duplicate, null, null);
                continue;
            }

            if (problem is null && Taps.Count + added.Count >= MaxTaps)
            {
                problem = $"the medium holds {MaxTaps} taps; issue a new one";
            }

            if (problem is not null)
            {
                results[i] = new TapResult(input.TapId, TapOutcome.Refused, null, problem);
                continue;
            }

            known.Add(id);
            added.Add((i, new RecordedTap(r.OperatorId, new Tap(id, input.Time, Medium!, input.Fare, input.Tier), input.Validator, r.At)));
        }

        if (added.Count == 0)
        {
            return (new AccountReplies.Recorded(Medium!, results), []);
        }

        // Every tap of the medium is charged again (a late tap can change its period's earlier charges); each tap whose
        // charge moved gets a reversal and a new charge.
        // Refunded taps stay recorded (a replay of their id is a duplicate) but no longer count toward the caps.
        var counted = Counted();
        var all = counted.Concat(added.Select(a => a.Tap.Tap)).ToList();
        var charges = engine.Charge(all);
        var entries = new List<ChargeEntry>();
        var causes = string.Join(", ", added.Select(a => a.Tap.Tap.Id));
        for (var i = 0; i < all.Count; i++)
        {
            long? posted = Posted.TryGetValue(all[i].Id, out var p) ? p : null;
            var reason = i >= counted.Count ? "tap" : "period changed by " + causes;
            foreach (var (kind, amount) in ChargeEntries.Moves(posted, charges[i]))
            {
                entries.Add(new ChargeEntry(Entries.Count + entries.Count + 1, all[i].Id, kind, amount, reason.Length > 200 ? reason[..200] : reason));
            }
        }

        for (var k = 0; k < added.Count; k++)
        {
            results[added[k].Index] = new TapResult(r.Taps[added[k].Index].TapId, TapOutcome.Charged, charges[counted.Count + k], null);
        }

        return (new AccountReplies.Recorded(Medium!, results),
            [new AccountEvents.TapsCharged(Medium!, engine.Scheme.Id, [.. added.Select(a => a.Tap)], entries, r.At)]);
    }

    private static string? Problem(TapInput t, DateTimeOffset at, CappingEngine engine)
    {
        if (string.IsNullOrEmpty(t.TapId) || t.TapId.Length > MaxTapIdLength || t.TapId.Any(char.IsControl))
        {
            return $"a tap id has 1-{MaxTapIdLength} printable characters";
        }

        if (t.Fare is < 0 or > MaxFare)
        {
            return $"a fare is 0-{MaxFare} minor units";
        }

        if (!engine.KnowsTier(t.Tier))
        {
            return $"tier '{t.Tier}' is not one of scheme {engine.Scheme.Id}: {string.Join(", ", engine.Scheme.Tiers)}";
        }

        if (t.Time > at + MaxAhead)
        {
            return "the tap is in the future";
        }

        return t.Time < at - MaxLate ? $"the tap is older than {MaxLate.TotalDays:0} days" : null;
    }
}

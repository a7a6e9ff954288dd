using System.Collections.Immutable;
using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Accounts;

/// <summary>
/// The pure state of a traveler's account, keyed by the traveler's app medium: its taps and the append-only ledger of
/// their charges under the node's capping scheme, and the cards registered on it (<see cref="Media"/>, the traveler ->
/// media index), whose taps land here and count toward the same caps. <see cref="Process"/> decides with the scheme's
/// engine; no clock, no I/O. A tap on a connecting leg that a carpool campaign grants is charged 0 and counts toward no
/// cap: the campaign pays its fare in clearing.
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
    ImmutableHashSet<string>? Refunded = null,
    ImmutableList<MediumLink>? Media = null) : IPersistedSnapshot
{
    /// <summary>A medium holds this many taps at most (about 10 years of daily commuting); beyond, a new medium.</summary>
    public const int MaxTaps = 10_000;

    public const int MaxTapIdLength = 64;
    public const long MaxFare = 100_000_000;

    /// <summary>Cards registered on one account at most (a card, a spare, a second phone...).</summary>
    public const int MaxMedia = 10;

    public const int MaxLabelLength = 40;

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
        AccountCommands.LinkMedium l => !Exists ? (new AccountReplies.NotFound(l.Medium), [])
            : l.Owner != Owner ? (new AccountReplies.NotYours(l.Medium), [])
            : Link(l),
        AccountCommands.UnlinkMedium u => !Exists || u.Owner != Owner || Media?.Any(m => m.Medium == u.Card) != true ? (new AccountReplies.NotFound(u.Medium), [])
            : Emit(new AccountEvents.MediumUnlinked(u.Medium, u.Card, u.At)),
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
        AccountEvents.MediumLinked l => this with { Media = (Media ?? []).Add(new MediumLink(l.Card, l.Label, l.At)) },
        AccountEvents.MediumUnlinked u => this with { Media = (Media ?? []).RemoveAll(m => m.Medium == u.Card) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an account event."),
    };

    public AccountView ToView() => new(Medium!, Owner!, Scheme, Taps, Posted, Entries, OpenedAt, Credits ?? ImmutableDictionary<string, long>.Empty,
        Refunded ?? ImmutableHashSet<string>.Empty, Media ?? []);

    /// <summary>
    /// The taps that count toward the caps, in recording order: recorded, not refunded, and not a connecting leg a
    /// carpool campaign pays (the traveler spent nothing on it).
    /// </summary>
    private List<Tap> Counted() => [.. Taps.Where(t => t.Carpool is null && Refunded?.Contains(t.Tap.Id) != true).Select(t => t.Tap)];

    private (object, IReadOnlyList<IAccountEvent>) Emit(IAccountEvent e) => (new AccountReplies.Found(Apply(e).ToView()), [e]);

    private (object, IReadOnlyList<IAccountEvent>) Link(AccountCommands.LinkMedium l)
    {
        if (Media?.Any(m => m.Medium == l.Card) == true)
        {
            return (new AccountReplies.Found(ToView()), []);
        }

        if ((Media?.Count ?? 0) >= MaxMedia)
        {
            return (new AccountReplies.MediaFull(l.Medium, MaxMedia), []);
        }

        var label = l.Label.Length > MaxLabelLength ? l.Label[..MaxLabelLength] : l.Label;
        return Emit(new AccountEvents.MediumLinked(l.Medium, l.Card, label, l.At));
    }

    /// <summary>
    /// The entries that take each tap from what is posted for it to its charge now: none when equal, else a reversal
    /// and a new charge (never an edit). Shared by recording, which charges a period again with late taps, and refunds.
    /// </summary>
    private void Repost(List<ChargeEntry> into, IReadOnlyList<Tap> taps, IReadOnlyList<long> charges, Func<int, string> reason)
    {
        for (var i = 0; i < taps.Count; i++)
        {
            Move(into, taps[i].Id, charges[i], reason(i));
        }
    }

    private void Move(List<ChargeEntry> into, string tapId, long charge, string reason)
    {
        long? posted = Posted.TryGetValue(tapId, out var p) ? p : null;
        foreach (var (kind, amount) in ChargeEntries.Moves(posted, charge))
        {
            into.Add(new ChargeEntry(Entries.Count + into.Count + 1, tapId, kind, amount, reason.Length > 200 ? reason[..200] : reason));
        }
    }

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
        var entries = new List<ChargeEntry>();
        Move(entries, id, 0, "refund: " + reason);
        Repost(entries, rest, engine.Charge(rest), _ => "period changed by refund of " + id);

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
            var problem = TapProblem(input, r.At, engine) ?? ViaProblem(input);
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
            added.Add((i, new RecordedTap(r.OperatorId, new Tap(id, input.Time, Medium!, input.Fare, input.Tier), input.Validator, r.At, input.Via, input.Carpool)));
        }

        if (added.Count == 0)
        {
            return (new AccountReplies.Recorded(Medium!, results), []);
        }

        // Every tap of the medium is charged again (a late tap can change its period's earlier charges); each tap whose
        // charge moved gets a reversal and a new charge.
        // Refunded taps stay recorded (a replay of their id is a duplicate) but no longer count toward the caps.
        // A connecting leg a carpool campaign grants is posted 0 and charged no cap: the campaign pays it in clearing.
        var counted = Counted();
        var capped = added.Where(a => a.Tap.Carpool is null).ToList();
        var all = counted.Concat(capped.Select(a => a.Tap.Tap)).ToList();
        var charges = engine.Charge(all);
        var entries = new List<ChargeEntry>();
        var causes = string.Join(", ", capped.Select(a => a.Tap.Tap.Id));
        Repost(entries, all, charges, i => i >= counted.Count ? "tap" : "period changed by " + causes);
        foreach (var (_, tap) in added.Where(a => a.Tap.Carpool is not null))
        {
            Move(entries, tap.Tap.Id, 0, $"connecting leg paid by carpool campaign {tap.Carpool!.Campaign}");
        }

        for (var k = 0; k < capped.Count; k++)
        {
            results[capped[k].Index] = new TapResult(r.Taps[capped[k].Index].TapId, TapOutcome.Charged, charges[counted.Count + k], null);
        }

        foreach (var (index, tap) in added.Where(a => a.Tap.Carpool is not null))
        {
            results[index] = new TapResult(r.Taps[index].TapId, TapOutcome.Charged, 0, null);
        }

        return (new AccountReplies.Recorded(Medium!, results),
            [new AccountEvents.TapsCharged(Medium!, engine.Scheme.Id, [.. added.Select(a => a.Tap)], entries, r.At)]);
    }

    /// <summary>
    /// A tap read from a card lands here only while the card is registered on this account and only from its
    /// registration on: a card registered after another traveler removed it never receives that traveler's late taps.
    /// </summary>
    private string? ViaProblem(TapInput t) => t.Via is not { } card ? null
        : Media?.FirstOrDefault(m => m.Medium == card) is not { } link ? "the card is not registered on this account"
        : t.Time < link.LinkedAt ? $"the tap is older than the card's registration ({link.LinkedAt:O})"
        : null;

    /// <summary>Why a tap uploaded at <paramref name="at"/> is refused whatever the account holds (null: it is not).</summary>
    public static string? TapProblem(TapInput t, DateTimeOffset at, CappingEngine engine)
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

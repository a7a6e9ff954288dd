namespace Mobility.Ticketing.Capping;

/// <summary>What a ledger entry of a traveler's account does.</summary>
public enum ChargeEntryKind
{
    /// <summary>A tap charged (or charged again after a late tap or a refund changed its period).</summary>
    Charge,

    /// <summary>Cancels the net amount posted so far for a tap: refunds and re-charges never edit an entry.</summary>
    Reversal,
}

/// <summary>One append-only entry of an account's ledger, in minor units (a reversal is negative).</summary>
public sealed record ChargeEntry(long Sequence, string TapId, ChargeEntryKind Kind, long Amount, string Reason);

/// <summary>
/// The charges of one account's media as an append-only ledger. A tap recorded late (an offline validator uploading)
/// or refunded re-runs the capping of its medium; every tap whose charge changed gets a reversal of what was posted
/// for it and a new charge, so the sum of a tap's entries is always its charge under the taps known now.
/// </summary>
public sealed class CappingAccount(CappingEngine engine)
{
    private readonly Dictionary<string, List<Tap>> _byMedium = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Tap> _taps = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refunded = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _posted = new(StringComparer.Ordinal);
    private readonly List<ChargeEntry> _entries = [];

    public IReadOnlyList<ChargeEntry> Entries => _entries;

    /// <summary>The sum of the entries: what the account has been charged.</summary>
    public long Balance => _entries.Sum(e => e.Amount);

    /// <summary>The net posted for a tap (0 for an unknown or refunded tap).</summary>
    public long PostedFor(string tapId) => _posted.GetValueOrDefault(tapId);

    /// <summary>Records a tap, on time or late; returns the entries it caused. A tap id is recorded once.</summary>
    public IReadOnlyList<ChargeEntry> Record(Tap tap)
    {
        if (_taps.ContainsKey(tap.Id))
        {
            throw new InvalidOperationException($"tap {tap.Id} is already recorded");
        }

        if (!engine.KnowsTier(tap.Tier) || tap.Fare < 0)
        {
            throw new ArgumentException($"tap {tap.Id}: unknown tier or negative fare", nameof(tap));
        }

        _taps[tap.Id] = tap;
        if (!_byMedium.TryGetValue(tap.Medium, out var list))
        {
            _byMedium[tap.Medium] = list = [];
        }

        list.Add(tap);
        return Repost(tap.Medium, tap.Id, "tap");
    }

    /// <summary>Refunds (cancels) a tap: it leaves the capping, its charge is reversed and its period re-charged.</summary>
    public IReadOnlyList<ChargeEntry> Refund(string tapId, string reason)
    {
        if (!_taps.TryGetValue(tapId, out var tap))
        {
            throw new InvalidOperationException($"tap {tapId} is not recorded");
        }

        if (!_refunded.Add(tapId))
        {
            throw new InvalidOperationException($"tap {tapId} is already refunded");
        }

        _byMedium[tap.Medium].RemoveAll(t => t.Id == tapId);
        var start = _entries.Count;
        Post(tapId, 0, "refund: " + reason);
        Repost(tap.Medium, tapId, "period changed by refund of " + tapId);
        return _entries.GetRange(start, _entries.Count - start);
    }

    private List<ChargeEntry> Repost(string medium, string cause, string reason)
    {
        var start = _entries.Count;
        var taps = _byMedium[medium];
        var charges = engine.Charge(taps);
        for (var i = 0; i < taps.Count; i++)
        {
            Post(taps[i].Id, charges[i], taps[i].Id == cause ? reason : "period changed by " + cause);
        }

        return _entries.GetRange(start, _entries.Count - start);
    }

    private void Post(string tapId, long charge, string reason)
    {
        long? posted = _posted.TryGetValue(tapId, out var p) ? p : null;
        foreach (var (kind, amount) in ChargeEntries.Moves(posted, charge))
        {
            _entries.Add(new ChargeEntry(_entries.Count + 1, tapId, kind, amount, reason));
        }

        _posted[tapId] = charge;
    }
}

/// <summary>How a ledger moves a tap from what was posted for it to its charge now, without editing an entry.</summary>
public static class ChargeEntries
{
    /// <summary>
    /// The entries that take a tap from <paramref name="posted"/> (null: never posted) to <paramref name="charge"/>: none
    /// when they are equal, else a reversal of what was posted (if anything) and the new charge (a first charge is
    /// posted even when 0, so every recorded tap has an entry).
    /// </summary>
    public static IEnumerable<(ChargeEntryKind Kind, long Amount)> Moves(long? posted, long charge)
    {
        if (posted == charge)
        {
            yield break;
        }

        if (posted is { } p and not 0)
        {
            yield return (ChargeEntryKind.Reversal, -p);
        }

        if (charge != 0 || posted is null)
        {
            yield return (ChargeEntryKind.Charge, charge);
        }
    }
}

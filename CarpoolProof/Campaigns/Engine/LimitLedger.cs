using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// Per-identity trip and amount counters for one beneficiary role, per calendar day, month and year. Additive, so a
/// journey's award can be released exactly (<see cref="Release"/>) when it is flagged, cancelled or re-evaluated.
/// Identities are interned to ints so that the three period lookups hash no strings.
/// </summary>
internal sealed class LimitLedger
{
    private readonly Dictionary<string, int> _identities = new(StringComparer.Ordinal);
    private readonly Dictionary<Key, Counter> _counters = [];
    private readonly IdentityLimit[] _tripLimits;
    private readonly IdentityLimit[] _centLimits;
    private readonly LimitPeriod[] _periods;

    public LimitLedger(BeneficiaryPolicy policy)
    {
        // Stated order: trip counts (day, month, year), then amounts (day, month, year).
        _tripLimits = policy.Limits.Where(l => l.MaxTrips is not null).OrderBy(l => l.Period).ToArray();
        _centLimits = policy.Limits.Where(l => l.MaxCents is not null).OrderBy(l => l.Period).ToArray();
        _periods = policy.Limits.Select(l => l.Period).Distinct().Order().ToArray();
    }

    public int Intern(string identity)
    {
        if (!_identities.TryGetValue(identity, out var id))
        {
            id = _identities.Count;
            _identities[identity] = id;
        }
        return id;
    }

    /// <summary>Cuts <paramref name="cents"/> to what the identity may still receive; sets each cutting cap's bit.</summary>
    public long Cut(int identity, DateOnly date, long cents, ref int caps)
    {
        foreach (var l in _tripLimits)
        {
            if (cents > 0 && Get(identity, l.Period, date).Trips >= l.MaxTrips!.Value)
            {
                caps |= CapLabels.Trips(l.Period);
                return 0;
            }
        }
        foreach (var l in _centLimits)
        {
            var remaining = Math.Max(0, l.MaxCents!.Value - Get(identity, l.Period, date).Cents);
            if (cents > remaining)
            {
                cents = remaining;
                caps |= CapLabels.Cents(l.Period);
            }
        }
        return cents;
    }

    /// <summary>Counts a paid trip of <paramref name="cents"/> (sign -1 releases it).</summary>
    public void Record(int identity, DateOnly date, long cents, int sign = 1)
    {
        foreach (var period in _periods)
        {
            var key = KeyOf(identity, period, date);
            _counters.TryGetValue(key, out var c);
            c = new Counter(c.Trips + sign, c.Cents + (sign * cents));
            if (c.Trips == 0 && c.Cents == 0)
            {
                _counters.Remove(key);
            }
            else
            {
                _counters[key] = c;
            }
        }
    }

    public void Release(string identity, DateOnly date, long cents) => Record(Intern(identity), date, cents, -1);

    private Counter Get(int identity, LimitPeriod period, DateOnly date) =>
        _counters.TryGetValue(KeyOf(identity, period, date), out var c) ? c : default;

    private static Key KeyOf(int identity, LimitPeriod period, DateOnly date) => new(identity, period switch
    {
        LimitPeriod.Day => date.DayNumber,
        LimitPeriod.Month => 10_000_000 + (date.Year * 12) + date.Month - 1,
        _ => 20_000_000 + date.Year,
    });

    /// <summary>Period numbers of the three kinds live in disjoint ranges (day numbers stay under 3.7 million).</summary>
    private readonly record struct Key(int Identity, int Period);

    private readonly record struct Counter(int Trips, long Cents);
}

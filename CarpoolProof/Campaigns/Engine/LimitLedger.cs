using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// Per-identity trip and amount counters for one beneficiary role, per calendar day, month and year. Additive, so a
/// journey's award can be released exactly (<see cref="Release"/>) when it is flagged, cancelled or re-evaluated.
/// </summary>
internal sealed class LimitLedger
{
    private readonly Dictionary<Key, Counter> _counters = [];
    private readonly IdentityLimit[] _tripLimits;
    private readonly IdentityLimit[] _centLimits;
    private readonly LimitPeriod[] _periods;
    private readonly string _label;

    public LimitLedger(BeneficiaryPolicy policy)
    {
        // Stated order: trip counts (day, month, year), then amounts (day, month, year).
        _tripLimits = policy.Limits.Where(l => l.MaxTrips is not null).OrderBy(l => l.Period).ToArray();
        _centLimits = policy.Limits.Where(l => l.MaxCents is not null).OrderBy(l => l.Period).ToArray();
        _periods = policy.Limits.Select(l => l.Period).Distinct().Order().ToArray();
        _label = policy.Role == BeneficiaryRole.Driver ? "driver" : "passenger";
    }

    /// <summary>Cuts <paramref name="cents"/> to what the identity may still receive; adds each cutting cap's label.</summary>
    public long Cut(string identity, DateOnly date, long cents, List<string> caps)
    {
        foreach (var l in _tripLimits)
        {
            if (cents > 0 && Get(identity, l.Period, date).Trips >= l.MaxTrips!.Value)
            {
                caps.Add($"{_label}.{Name(l.Period)}.trips");
                return 0;
            }
        }
        foreach (var l in _centLimits)
        {
            var remaining = Math.Max(0, l.MaxCents!.Value - Get(identity, l.Period, date).Cents);
            if (cents > remaining)
            {
                cents = remaining;
                caps.Add($"{_label}.{Name(l.Period)}.cents");
            }
        }
        return cents;
    }

    /// <summary>Counts a paid trip of <paramref name="cents"/> (sign -1 releases it).</summary>
    public void Record(string identity, DateOnly date, long cents, int sign = 1)
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

    public void Release(string identity, DateOnly date, long cents) => Record(identity, date, cents, -1);

    private Counter Get(string identity, LimitPeriod period, DateOnly date) =>
        _counters.TryGetValue(KeyOf(identity, period, date), out var c) ? c : default;

    private static Key KeyOf(string identity, LimitPeriod period, DateOnly date) => new(identity, period, period switch
    {
        LimitPeriod.Day => date.DayNumber,
        LimitPeriod.Month => (date.Year * 12) + date.Month - 1,
        _ => date.Year,
    });

    private static string Name(LimitPeriod p) => p switch
    {
        LimitPeriod.Day => "day",
        LimitPeriod.Month => "month",
        _ => "year",
    };

    private readonly record struct Key(string Identity, LimitPeriod Period, int Number);

    private readonly record struct Counter(int Trips, long Cents);
}

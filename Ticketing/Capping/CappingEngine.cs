namespace Mobility.Ticketing.Capping;

/// <summary>
/// Charges taps under a scheme's caps. Per medium, taps are taken in time order (then by id), whatever order they
/// arrived in, so a late upload from an offline validator gives the same charges as a tap on time. A tap costs its
/// fare, or nothing when it is a free connection, and never more than the room left under any cap it counts toward;
/// what it is charged then counts toward all those caps.
/// </summary>
public sealed class CappingEngine
{
    private readonly Dictionary<string, int> _tierIndex = new(StringComparer.Ordinal);
    private readonly int[][] _capsOfTier;
    private readonly CapRule[] _caps;
    private readonly (bool[] From, bool[] To, TimeSpan Within)[] _connections;
    private readonly ZoneClock _clock;

    public CappingEngine(CapScheme scheme)
    {
        Scheme = scheme;
        _clock = new ZoneClock(scheme.TimeZone);
        for (var i = 0; i < scheme.Tiers.Count; i++)
        {
            _tierIndex[scheme.Tiers[i]] = i;
        }

        _caps = [.. scheme.Caps];
        _capsOfTier = new int[scheme.Tiers.Count][];
        for (var t = 0; t < scheme.Tiers.Count; t++)
        {
            var tier = scheme.Tiers[t];
            _capsOfTier[t] = [.. Enumerable.Range(0, _caps.Length).Where(c => _caps[c].Tiers.Contains(tier))];
        }

        _connections = [.. scheme.Connections.Select(r => (Mask(r.From), Mask(r.To), r.Within))];
    }

    public CapScheme Scheme { get; }

    public bool KnowsTier(string tier) => _tierIndex.ContainsKey(tier);

    /// <summary>The charge of every tap, in the order given.</summary>
    public long[] Charge(IReadOnlyList<Tap> taps)
    {
        var tiers = new int[taps.Count];
        for (var i = 0; i < taps.Count; i++)
        {
            tiers[i] = _tierIndex.TryGetValue(taps[i].Tier, out var t)
                ? t
                : throw new ArgumentException($"tap {taps[i].Id}: tier '{taps[i].Tier}' is not a tier of scheme {Scheme.Id}", nameof(taps));
            if (taps[i].Fare < 0)
            {
                throw new ArgumentException($"tap {taps[i].Id}: negative fare", nameof(taps));
            }
        }

        // Sort keys: medium (by first appearance; media never mix, so their order is immaterial), UTC time, then id.
        var mediumIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new SortKey[taps.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!mediumIndex.TryGetValue(taps[i].Medium, out var m))
            {
                mediumIndex[taps[i].Medium] = m = mediumIndex.Count;
            }

            keys[i] = new SortKey(m, taps[i].Time.UtcTicks, i);
        }

        Array.Sort(keys, (a, b) =>
        {
            var c = a.Medium.CompareTo(b.Medium);
            if (c == 0)
            {
                c = a.UtcTicks.CompareTo(b.UtcTicks);
            }

            return c != 0 ? c : string.CompareOrdinal(taps[a.Index].Id, taps[b.Index].Id);
        });

        var charges = new long[taps.Count];
        var state = new MediumState(_caps.Length);
        var medium = -1;
        foreach (var key in keys)
        {
            if (key.Medium != medium)
            {
                medium = key.Medium;
                state.Reset();
            }

            charges[key.Index] = ChargeOne(taps[key.Index], tiers[key.Index], state, _clock.Local(key.UtcTicks));
        }

        return charges;
    }

    private readonly record struct SortKey(int Medium, long UtcTicks, int Index);

    /// <summary>
    /// Where one medium stands under each cap at <paramref name="now"/>: the amount of the period that holds now, what
    /// its taps were charged in it, what is left, and when the period ends (local time). A period no tap has opened yet
    /// (a new day, a rolling window that lapsed) shows nothing spent. Taps after <paramref name="now"/> are ignored.
    /// </summary>
    public IReadOnlyList<CapProgress> Progress(IReadOnlyList<Tap> taps, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(taps);
        if (taps.Select(t => t.Medium).Distinct(StringComparer.Ordinal).Skip(1).Any())
        {
            throw new ArgumentException("progress is per medium: the taps name several", nameof(taps));
        }

        var state = new MediumState(_caps.Length);
        state.Reset();
        foreach (var tap in taps.Where(t => t.Time <= now).OrderBy(t => t.Time.UtcTicks).ThenBy(t => t.Id, StringComparer.Ordinal))
        {
            ChargeOne(tap, _tierIndex[tap.Tier], state, _clock.Local(tap.Time.UtcTicks));
        }

        var local = _clock.Local(now.UtcTicks);
        var today = DateOnly.FromDateTime(local - Scheme.DayStart);
        var dayEnd = today.AddDays(1).ToDateTime(TimeOnly.MinValue) + Scheme.DayStart;
        var weekStart = today.DayNumber - (((int)today.DayOfWeek - (int)Scheme.WeekStart + 7) % 7);
        var progress = new List<CapProgress>();
        for (var c = 0; c < _caps.Length; c++)
        {
            var cap = _caps[c];
            var amount = cap.AmountOn(today, Scheme.Holidays);
            var (open, ends) = cap.Period switch
            {
                CapPeriod.Day => (state.Key[c] == today.DayNumber, dayEnd),
                CapPeriod.Week => (state.Key[c] == weekStart, DateOnly.FromDayNumber(weekStart + 7).ToDateTime(TimeOnly.MinValue) + Scheme.DayStart),
                _ => (state.Key[c] != long.MinValue && local < state.RollingEnd[c], state.Key[c] != long.MinValue && local < state.RollingEnd[c] ? state.RollingEnd[c] : (DateTime?)null),
            };
            var spent = open ? state.Spent[c] : 0;
            progress.Add(new CapProgress(cap.Id, cap.Period, amount, spent, Math.Max(0, amount - spent), ends));
        }

        return progress;
    }

    private long ChargeOne(in Tap tap, int tier, MediumState state, DateTime local)
    {
        var connection = IsConnection(tap, tier, state);
        if (!connection)
        {
            // A connection does not restart the journey: its window runs from the tap that opened it.
            state.JourneyStart = tap.Time;
            state.JourneyTier = tier;
        }

        var fare = connection ? 0 : tap.Fare;
        var travelDay = DateOnly.FromDateTime(local - Scheme.DayStart);
        var caps = _capsOfTier[tier];
        var charge = fare;
        foreach (var c in caps)
        {
            var cap = _caps[c];
            long key;
            switch (cap.Period)
            {
                case CapPeriod.Day:
                    key = travelDay.DayNumber;
                    break;
                case CapPeriod.Week:
                    key = travelDay.DayNumber - (((int)travelDay.DayOfWeek - (int)Scheme.WeekStart + 7) % 7);
                    break;
                default:
                    if (state.Key[c] == long.MinValue || local >= state.RollingEnd[c])
                    {
                        state.RollingEnd[c] = local.AddDays(cap.Days);
                        key = state.Key[c] == long.MinValue ? 0 : state.Key[c] + 1;
                    }
                    else
                    {
                        key = state.Key[c];
                    }

                    break;
            }

            if (key != state.Key[c])
            {
                state.Key[c] = key;
                state.Spent[c] = 0;
            }

            var room = cap.AmountOn(travelDay, Scheme.Holidays) - state.Spent[c];
            charge = Math.Min(charge, Math.Max(room, 0));
        }

        foreach (var c in caps)
        {
            state.Spent[c] += charge;
        }

        return charge;
    }

    private bool IsConnection(in Tap tap, int tier, MediumState state)
    {
        if (state.JourneyTier < 0)
        {
            return false;
        }

        var elapsed = tap.Time - state.JourneyStart;
        foreach (var (from, to, within) in _connections)
        {
            if (to[tier] && from[state.JourneyTier] && elapsed >= TimeSpan.Zero && elapsed <= within)
            {
                return true;
            }
        }

        return false;
    }

    private bool[] Mask(IReadOnlySet<string> tiers)
    {
        var mask = new bool[_tierIndex.Count];
        foreach (var t in tiers)
        {
            mask[_tierIndex[t]] = true;
        }

        return mask;
    }

    /// <summary>The running state of one medium: the open period and the amount spent under each cap.</summary>
    private sealed class MediumState(int caps)
    {
        public long[] Key { get; } = new long[caps];

        public long[] Spent { get; } = new long[caps];

        public DateTime[] RollingEnd { get; } = new DateTime[caps];

        public DateTimeOffset JourneyStart { get; set; }

        public int JourneyTier { get; set; } = -1;

        public void Reset()
        {
            Array.Fill(Key, long.MinValue);
            Array.Clear(Spent);
            JourneyTier = -1;
        }
    }
}

/// <summary>
/// One cap as a medium stands under it now: <see cref="Spent"/> of <see cref="Amount"/> in the current period, which ends
/// at <see cref="Ends"/> (local wall-clock time; null for a rolling window no tap has opened: it starts with the next).
/// </summary>
public sealed record CapProgress(string CapId, CapPeriod Period, long Amount, long Spent, long Remaining, DateTime? Ends);

namespace Mobility.Ticketing.Capping;

/// <summary>
/// A capping scheme: the tiers a tap can count toward, the caps over them and the free connections. Amounts are
/// integer minor units of <see cref="Currency"/> (ISO 4217). Travel days and weeks are read on the wall clock of
/// <see cref="TimeZone"/>, a travel day starting at <see cref="DayStart"/> (TfL: 04:30). Documented in docs/ticketing.md.
/// </summary>
public sealed record CapScheme(
    string Id,
    string Name,
    string Currency,
    TimeZoneInfo TimeZone,
    TimeSpan DayStart,
    DayOfWeek WeekStart,
    IReadOnlyList<string> Tiers,
    IReadOnlyList<CapRule> Caps,
    IReadOnlyList<ConnectionRule> Connections,
    IReadOnlySet<DateOnly> Holidays);

/// <summary>How a cap's period is cut.</summary>
public enum CapPeriod
{
    /// <summary>One travel day (from <see cref="CapScheme.DayStart"/> to the next).</summary>
    Day,

    /// <summary>A fixed week of travel days starting on <see cref="CapScheme.WeekStart"/> (TfL, Opal).</summary>
    Week,

    /// <summary>A window of <see cref="CapRule.Days"/> days opened by the first tap that falls outside the previous window (OMNY).</summary>
    Rolling,
}

/// <summary>
/// One cap: taps of the listed tiers are charged so that their sum over one period never passes the amount. A tap
/// counts toward every cap that lists its tier, so nested caps (TfL zones 1-2 inside zones 1-6, buses inside both)
/// charge the highest cap reached, as the operators do.
/// </summary>
/// <param name="AmountByDay">Day caps only: an amount for some days of the week (Opal: Friday to Sunday).</param>
/// <param name="HolidayAmount">Day caps only: the amount on the scheme's holidays, when it differs.</param>
public sealed record CapRule(
    string Id,
    CapPeriod Period,
    int Days,
    IReadOnlySet<string> Tiers,
    long Amount,
    IReadOnlyDictionary<DayOfWeek, long> AmountByDay,
    long? HolidayAmount)
{
    /// <summary>The cap on a travel day (day caps vary by weekday and holidays; other periods do not).</summary>
    public long AmountOn(DateOnly travelDay, IReadOnlySet<DateOnly> holidays)
    {
        if (Period != CapPeriod.Day)
        {
            return Amount;
        }

        if (HolidayAmount is { } holiday && holidays.Contains(travelDay))
        {
            return holiday;
        }

        return AmountByDay.TryGetValue(travelDay.DayOfWeek, out var byDay) ? byDay : Amount;
    }
}

/// <summary>
/// A free connection: a tap of a <see cref="To"/> tier within <see cref="Within"/> of the tap that started the
/// journey (a paid tap of a <see cref="From"/> tier) costs nothing (TfL Hopper: bus to bus within 1 h; Navigo
/// Liberte+: metro or bus to bus within 1 h 30).
/// </summary>
public sealed record ConnectionRule(IReadOnlySet<string> From, IReadOnlySet<string> To, TimeSpan Within);

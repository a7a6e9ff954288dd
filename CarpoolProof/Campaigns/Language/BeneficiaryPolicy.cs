namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>
/// What one beneficiary (driver or passenger) earns per trip: the sum of <see cref="Rules"/>, capped per seat, times
/// the seats of per-seat rules, times a booster, capped per trip; then cut by <see cref="Limits"/> and the budget.
/// </summary>
public sealed record BeneficiaryPolicy(
    BeneficiaryRole Role,
    IReadOnlyList<AmountRule> Rules,
    long? CapPerSeatCents,
    long? CapPerTripCents,
    IReadOnlyList<IdentityLimit> Limits);

/// <summary>One amount rule. Its amount is per seat when <see cref="PerSeat"/>, otherwise per trip.</summary>
public abstract record AmountRule(string Id, bool PerSeat, DistanceRange? When)
{
    /// <summary>The rule's amount in milli-cents for a journey of <paramref name="metres"/> (one seat).</summary>
    public abstract long MilliCents(int metres);
}

/// <summary>A fixed amount.</summary>
public sealed record FixedAmountRule(string Id, bool PerSeat, DistanceRange? When, long Cents)
    : AmountRule(Id, PerSeat, When)
{
    public override long MilliCents(int metres) => Cents * 1000;
}

/// <summary>
/// <see cref="CentsPerKm"/> for each kilometre travelled beyond <see cref="OffsetMetres"/> and up to
/// <see cref="LimitMetres"/>. Cents per km times metres is exactly milli-cents, so nothing is rounded here.
/// </summary>
public sealed record PerKmRule(string Id, bool PerSeat, DistanceRange? When, long CentsPerKm, int OffsetMetres, int? LimitMetres)
    : AmountRule(Id, PerSeat, When)
{
    public override long MilliCents(int metres)
    {
        var upTo = LimitMetres is { } limit ? Math.Min(metres, limit) : metres;
        return upTo <= OffsetMetres ? 0 : CentsPerKm * (upTo - OffsetMetres);
    }
}

/// <summary>
/// Distance slices: the journey falls in at most one slice (from inclusive, to exclusive), whose amount is its fixed
/// cents plus its cents per km for the metres travelled beyond the slice's start.
/// </summary>
public sealed record SlicesRule(string Id, bool PerSeat, DistanceRange? When, IReadOnlyList<DistanceSlice> Slices)
    : AmountRule(Id, PerSeat, When)
{
    public override long MilliCents(int metres)
    {
        foreach (var s in Slices)
        {
            if (metres >= s.FromMetres && (s.ToMetres is null || metres < s.ToMetres.Value))
            {
                return (s.Cents * 1000) + (s.CentsPerKm * (metres - s.FromMetres));
            }
        }
        return 0;
    }
}

/// <summary>One slice of a <see cref="SlicesRule"/>; <see cref="ToMetres"/> null means no upper bound.</summary>
public sealed record DistanceSlice(int FromMetres, int? ToMetres, long Cents, long CentsPerKm);

/// <summary>Calendar period over which an identity's trips and amounts are counted (in the campaign's timezone).</summary>
public enum LimitPeriod
{
    Day,
    Month,
    Year,
}

/// <summary>At most <see cref="MaxTrips"/> paid trips and/or <see cref="MaxCents"/> per identity per period.</summary>
public sealed record IdentityLimit(LimitPeriod Period, int? MaxTrips, long? MaxCents);

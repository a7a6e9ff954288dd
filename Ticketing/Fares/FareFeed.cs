namespace Mobility.Ticketing.Fares;

/// <summary>One fare product row (GTFS-Fares v2 fare_products.txt): a price for a rider category and a medium.</summary>
public sealed record FareProduct(string Id, string Name, string? RiderCategory, string? Media, long Amount, string Currency, ProductDuration? Duration = null);

/// <summary>
/// How long a pass product lasts: the optional <c>duration_amount</c>, <c>duration_unit</c> and <c>duration_type</c>
/// columns of fare_products.txt in the GTFS-Fares v2 full proposal (experimental, not in the adopted reference). Read so
/// that a feed can declare its caps: a pass with a duration over the legs it covers is a cap (docs/ticketing.md).
/// </summary>
public sealed record ProductDuration(int Amount, DurationUnit Unit, DurationKind Kind);

/// <summary><c>duration_unit</c>: 0 second, 1 minute, 2 hour, 3 day, 4 week, 5 month, 6 year.</summary>
public enum DurationUnit
{
    Second = 0,
    Minute = 1,
    Hour = 2,
    Day = 3,
    Week = 4,
    Month = 5,
    Year = 6,
}

/// <summary><c>duration_type</c>: 1 the period opens with the first use (rolling), 2 a calendar period (travel day, week).</summary>
public enum DurationKind
{
    FromFirstUse = 1,
    Calendar = 2,
}

/// <summary>fare_leg_rules.txt; empty fields are null. <see cref="Priority"/> is 0 when empty.</summary>
public sealed record FareLegRule(
    int Line, string? LegGroup, string? Network, string? FromArea, string? ToArea, string? FromTimeframe, string? ToTimeframe,
    string Product, int Priority);

/// <summary>fare_transfer_rules.txt; <see cref="TransferCount"/> null when empty (-1 is "no limit").</summary>
public sealed record FareTransferRule(
    int Line, string? FromLegGroup, string? ToLegGroup, string? Product, int? TransferCount, int? DurationLimitSeconds,
    int DurationLimitType, int FareTransferType);

/// <summary>One timeframes.txt row: [Start, End) on the days of <see cref="ServiceId"/>.</summary>
public sealed record Timeframe(string Group, TimeSpan Start, TimeSpan End, string ServiceId);

/// <summary>fare_leg_join_rules.txt.</summary>
public sealed record FareLegJoinRule(string FromNetwork, string ToNetwork, string? FromStop, string? ToStop);

/// <summary>GTFS-Fares v1 fare_attributes.txt.</summary>
public sealed record FareAttribute(string Id, long Price, string Currency, int? Transfers, int? TransferDurationSeconds);

/// <summary>GTFS-Fares v1 fare_rules.txt; empty fields are null.</summary>
public sealed record FareRuleV1(string FareId, string? Route, string? Origin, string? Destination, string? Contains);

/// <summary>
/// The fare tables of one feed with what matching needs from the rest of it (route networks, stop areas and zones,
/// service days for timeframes, the agency time zone). Ids are the feed's own; several feeds stay apart.
/// </summary>
public sealed class FareFeed
{
    public required string FeedId { get; init; }

    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyDictionary<string, string> RouteNetwork { get; init; }

    public required IReadOnlyDictionary<string, string[]> StopAreas { get; init; }

    public required IReadOnlyDictionary<string, string> StopZone { get; init; }

    /// <summary>stops.stop_timezone where given: timeframes read a fare event on its stop's clock (timeframes.txt, local time semantics).</summary>
    public IReadOnlyDictionary<string, TimeZoneInfo> StopTimeZone { get; init; } = new Dictionary<string, TimeZoneInfo>();

    public required IReadOnlyDictionary<string, HashSet<DateOnly>> ServiceDays { get; init; }

    public required IReadOnlyDictionary<string, int> MediaType { get; init; }

    public required IReadOnlyDictionary<string, List<FareProduct>> Products { get; init; }

    public required IReadOnlyList<string> RiderCategories { get; init; }

    public string? DefaultRiderCategory { get; init; }

    public required IReadOnlyList<FareLegRule> LegRules { get; init; }

    /// <summary>Whether fare_leg_rules.txt has a rule_priority column: it switches the meaning of empty fields.</summary>
    public bool HasRulePriority { get; init; }

    public required IReadOnlyList<FareTransferRule> TransferRules { get; init; }

    public required IReadOnlyDictionary<string, List<Timeframe>> Timeframes { get; init; }

    public required IReadOnlyList<FareLegJoinRule> JoinRules { get; init; }

    public required IReadOnlyList<FareAttribute> Attributes { get; init; }

    public required IReadOnlyDictionary<string, List<FareRuleV1>> RulesV1 { get; init; }

    /// <summary>GTFS-Fares v2 is used when the feed has leg rules; v1 otherwise (the reference recommends v2 first).</summary>
    public bool UsesV2 => LegRules.Count > 0;

    public bool HasFares => LegRules.Count > 0 || Attributes.Count > 0;
}

using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>
/// A parsed, validated campaign document (schema version 1, see docs/campaigns.md). Every amount is in integer cents;
/// every date is a local calendar date in <see cref="TimeZone"/>, and ranges are inclusive at both ends.
/// </summary>
public sealed record CampaignDocument(
    CampaignId Id,
    string Name,
    string? Note,
    TimeZoneInfo TimeZone,
    DateRange Validity,
    IReadOnlyDictionary<string, Zone> Zones,
    ZonePredicate? Territory,
    IReadOnlyList<ZonePredicate> Exclusions,
    IReadOnlyList<OperatorAllowance>? Operators,
    IReadOnlyList<ProofClassWindow>? ProofClasses,
    bool AdultsOnly,
    DistanceRange Distance,
    IReadOnlySet<DayOfWeek>? Weekdays,
    IReadOnlyList<TimeSlot>? TimeSlots,
    IReadOnlyList<Booster> Boosters,
    IReadOnlyList<BeneficiaryPolicy> Beneficiaries,
    long? BudgetCents,
    string Sha256Hex,
    TransitBenefit? TransitBenefit = null);

/// <summary>
/// A transit benefit granted to a proven carpool journey (docs/campaigns.md "transit_benefit"): one connecting transit
/// leg free, starting within <see cref="Window"/> of the carpool's start, for a journey proven at
/// <see cref="MinProofClass"/> or better, on <see cref="TransitOperators"/> (every operator when null). A validator
/// checks it offline from the journey's attestation.
/// </summary>
public sealed record TransitBenefit(TimeSpan Window, ProofClass MinProofClass, IReadOnlySet<string>? TransitOperators);

/// <summary>A campaign's stable identifier (lower-case letters, digits and dashes).</summary>
public readonly record struct CampaignId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Inclusive local-date range; <see cref="End"/> null means open-ended.</summary>
public sealed record DateRange(DateOnly Start, DateOnly? End)
{
    public bool Contains(DateOnly date) => date >= Start && (End is null || date <= End.Value);

    public bool Overlaps(DateRange other) =>
        (End is null || other.Start <= End.Value) && (other.End is null || Start <= other.End.Value);
}

/// <summary>Inclusive distance bounds in metres.</summary>
public sealed record DistanceRange(int MinMetres, int MaxMetres)
{
    public bool Contains(int metres) => metres >= MinMetres && metres <= MaxMetres;
}

/// <summary>An operator allowed to earn the campaign's incentives during <see cref="Dates"/>.</summary>
public sealed record OperatorAllowance(string OperatorId, DateRange Dates);

/// <summary>The proof classes accepted during <see cref="Dates"/>.</summary>
public sealed record ProofClassWindow(IReadOnlySet<ProofClass> Classes, DateRange Dates);

/// <summary>Local time-of-day slot: start inclusive, end exclusive; an end of 00:00 means midnight (end of day).</summary>
public sealed record TimeSlot(TimeOnly Start, TimeOnly End)
{
    public bool Contains(TimeOnly t) => t >= Start && (End == TimeOnly.MinValue || t < End);
}

/// <summary>Listed dates on which amounts are multiplied by <see cref="PerMille"/>/1000 (1.5 is 1500).</summary>
public sealed record Booster(IReadOnlySet<DateOnly> Dates, int PerMille);

/// <summary>A journey's proof class, as graded by the proof pipeline (issue 4): A &lt; B &lt; C.</summary>
public enum ProofClass
{
    A,
    B,
    C,
}

/// <summary>Who receives an incentive.</summary>
public enum BeneficiaryRole
{
    Driver,
    Passenger,
}

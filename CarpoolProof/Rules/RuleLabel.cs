namespace Mobility.CarpoolProof.Rules;

/// <summary>
/// Stable rule labels. Where the registry (API v3.3 schemas terms_violation_label, fraudcheck_label, anomaly_label)
/// has a label, it is used verbatim; the others are ours, in the same style.
/// </summary>
public static class RuleLabel
{
    // Refusals at declaration (HTTP 400/401): ours.
    public const string ValidationError = "validation_error"; // registry status name for schema errors
    public const string StartInFuture = "start_in_future";
    public const string StartAfterEnd = "start_after_end";
    public const string DistanceTooLong = "distance_too_long";
    public const string SeatsOutOfRange = "seats_out_of_range";
    public const string MissingSignature = "missing_signature";
    public const string InvalidSignature = "invalid_signature";
    public const string UnknownKey = "unknown_key";
    public const string InvalidEvidence = "invalid_evidence";
    public const string ReplayedStatement = "replayed_statement";
    public const string DriverIsPassenger = "driver_is_passenger"; // one identity cannot carpool with itself

    // Terms of use (HTTP 422): registry terms_violation_label.
    public const string DistanceTooShort = "distance_too_short";
    public const string TooManyTripsByDay = "too_many_trips_by_day";
    public const string TooCloseTrips = "too_close_trips";
    public const string Expired = "expired";

    // Conflict (HTTP 409): the registry answers 409 "already recorded".
    public const string DuplicateJourney = "duplicate_operator_journey_id";

    // Fraud across operators: registry fraudcheck_label.
    public const string InteroperatorOverlap = "interoperator_overlap";
    public const string InteroperatorTooManyTripsByDay = "interoperator_too_many_trips_by_day";
    public const string InteroperatorTooCloseTrips = "interoperator_too_close_trips";

    // Anomalies: registry anomaly_label.
    public const string TemporalOverlapAnomaly = "temporal_overlap_anomaly";
    public const string DistanceDurationAnomaly = "distance_duration_anomaly";
}

/// <summary>How a rule's failure affects the declaration.</summary>
public enum RuleSeverity
{
    /// <summary>Refused at once, nothing stored (HTTP 400/401).</summary>
    Invalid,
    /// <summary>Refused at once under the terms of use (HTTP 422).</summary>
    Terms,
    /// <summary>Refused as already recorded (HTTP 409).</summary>
    Conflict,
    /// <summary>Recorded and logged with status fraud_error; no incentive.</summary>
    Fraud,
    /// <summary>Recorded and logged with status anomaly_error; no incentive.</summary>
    Anomaly,
    /// <summary>
    /// No effect on this declaration (it stays ok): its stronger evidence indicts <see cref="RuleViolation.OtherJourney"/>,
    /// which is flagged. Not one of the declaration's labels. Appended last: the stored enum names stay as they were.
    /// </summary>
    Indicts,
}

/// <summary>One failed rule: label, severity, and (for cross-journey rules) the other journey involved.</summary>
public sealed record RuleViolation(string Label, RuleSeverity Severity, string Detail, string? OtherJourney = null)
{
    /// <summary>The other journey this violation flags: a fraud shared by both, or one indicted by stronger evidence.</summary>
    public string? Flags => Severity is RuleSeverity.Fraud or RuleSeverity.Indicts ? OtherJourney : null;

    /// <summary>Whether the label belongs to this declaration (everything but <see cref="RuleSeverity.Indicts"/>).</summary>
    public bool AppliesHere => Severity != RuleSeverity.Indicts;
}

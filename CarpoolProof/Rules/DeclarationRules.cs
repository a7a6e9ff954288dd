using Mobility.CarpoolProof.Declarations;

namespace Mobility.CarpoolProof.Rules;

/// <summary>Rules answered from the declaration alone, at once (registry terms and our validity checks).</summary>
public static class DeclarationRules
{
    public const long MinDistanceMeters = 2_000;           // registry distance_too_short: < 2 km
    public const long MaxDistanceMeters = 1_000_000;       // registry schema distance maximum
    public const int MinSeats = 1;                          // registry schema seats 1..8
    public const int MaxSeats = 8;
    public static readonly TimeSpan SubmissionWindow = TimeSpan.FromHours(24); // registry expired: > 24 h after start

    /// <summary>Labels checked here, in the order they are evaluated.</summary>
    public static readonly string[] Labels =
    [
        RuleLabel.StartInFuture, RuleLabel.StartAfterEnd, RuleLabel.Expired, RuleLabel.DistanceTooShort,
        RuleLabel.DistanceTooLong, RuleLabel.SeatsOutOfRange, RuleLabel.DriverIsPassenger,
    ];

    public static List<RuleViolation> Check(Journey j, DateTimeOffset now)
    {
        var v = new List<RuleViolation>();
        if (j.Start.Datetime > now)
            v.Add(new(RuleLabel.StartInFuture, RuleSeverity.Invalid, $"start {j.Start.Datetime:O} is after now {now:O}"));
        if (j.Start.Datetime > j.End.Datetime)
            v.Add(new(RuleLabel.StartAfterEnd, RuleSeverity.Invalid, "start.datetime is after end.datetime"));
        if (now - j.Start.Datetime > SubmissionWindow)
            v.Add(new(RuleLabel.Expired, RuleSeverity.Terms, "declared more than 24 h after the start"));
        if (j.Distance < MinDistanceMeters)
            v.Add(new(RuleLabel.DistanceTooShort, RuleSeverity.Terms, $"distance {j.Distance} m < {MinDistanceMeters} m"));
        if (j.Distance > MaxDistanceMeters)
            v.Add(new(RuleLabel.DistanceTooLong, RuleSeverity.Invalid, $"distance {j.Distance} m > {MaxDistanceMeters} m"));
        if (j.Passenger.Seats is < MinSeats or > MaxSeats)
            v.Add(new(RuleLabel.SeatsOutOfRange, RuleSeverity.Invalid, $"seats {j.Passenger.Seats} outside {MinSeats}..{MaxSeats}"));
        // One identity as both occupants would be paid twice for one seat (and is no carpool): refused at once.
        if (string.Equals(j.Driver.Identity.IdentityKey, j.Passenger.Identity.IdentityKey, StringComparison.Ordinal))
            v.Add(new(RuleLabel.DriverIsPassenger, RuleSeverity.Invalid, "driver and passenger have the same identity_key"));
        return v;
    }
}

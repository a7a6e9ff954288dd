using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Rules;
using Mobility.CarpoolProof.Rules.CrossOperator;

namespace Mobility.CarpoolProof.Tests.Rules;

public sealed class IdentityStateTests
{
    private static readonly DateTimeOffset Day = new(2026, 3, 10, 6, 0, 0, TimeSpan.Zero);
    private const string Me = "me";
    private int _n;

    private TripFacts Trip(string op, DateTimeOffset start, TimeSpan duration, string counterpart = "peer", string role = OccupantRole.Passenger, string? tripId = null, string? proofClass = null)
    {
        var n = ++_n;
        return new TripFacts($"{op}/j{n}", op, tripId ?? $"t{n}", role, counterpart, start, start + duration, proofClass);
    }

    private static RuleViolation Overlap(IdentityState s, TripFacts t)
    {
        var events = s.Process(new IdentityCommands.Check(Me, t));
        return Assert.Single(Assert.IsType<IdentityEvents.TripChecked>(Assert.Single(events)).Violations, v => v.Label == RuleLabel.InteroperatorOverlap);
    }

    [Theory]
    [InlineData("A", "C")]
    [InlineData("A", "B")]
    [InlineData("B", "C")]
    public void Weaker_evidence_overlapping_stronger_is_itself_fraud_and_never_flags_the_stronger(string weak, string strong)
    {
        var recorded = Trip("a", Day, Twenty, "x", proofClass: strong);
        var v = Overlap(With(recorded), Trip("b", Day.AddMinutes(5), Twenty, "y", proofClass: weak));
        Assert.Equal(RuleSeverity.Fraud, v.Severity);
        Assert.True(v.AppliesHere);
        Assert.Null(v.Flags);
        Assert.Null(v.OtherJourney);
        Assert.Contains(recorded.JourneyKey, v.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A", "C")]
    [InlineData("A", "B")]
    [InlineData("B", "C")]
    public void Stronger_evidence_overlapping_weaker_stays_clean_and_flags_the_weaker(string weak, string strong)
    {
        var recorded = Trip("a", Day, Twenty, "x", proofClass: weak);
        var v = Overlap(With(recorded), Trip("b", Day.AddMinutes(5), Twenty, "y", proofClass: strong));
        Assert.Equal(RuleSeverity.Indicts, v.Severity);
        Assert.False(v.AppliesHere);
        Assert.Equal(recorded.JourneyKey, v.Flags);
    }

    [Theory]
    [InlineData("A", "A")]
    [InlineData("C", "C")]
    [InlineData(null, "C")]
    [InlineData("A", null)]
    [InlineData(null, null)]
    public void Equal_or_unknown_strength_flags_both(string? recordedClass, string? incomingClass)
    {
        var recorded = Trip("a", Day, Twenty, "x", proofClass: recordedClass);
        var v = Overlap(With(recorded), Trip("b", Day.AddMinutes(5), Twenty, "y", proofClass: incomingClass));
        Assert.Equal(RuleSeverity.Fraud, v.Severity);
        Assert.Equal(recorded.JourneyKey, v.Flags);
    }

    private static IdentityState With(params TripFacts[] trips)
    {
        var s = new IdentityState(Me);
        foreach (var t in trips)
            foreach (var e in s.Process(new IdentityCommands.Record(Me, t))) s.Apply(e);
        return s;
    }

    private static string[] Labels(IdentityState s, TripFacts t)
    {
        var events = s.Process(new IdentityCommands.Check(Me, t));
        return [.. Assert.IsType<IdentityEvents.TripChecked>(Assert.Single(events)).Violations.Select(v => v.Label)];
    }

    private static readonly TimeSpan Twenty = TimeSpan.FromMinutes(20);

    [Fact]
    public void Fourth_trip_of_the_day_is_fine_and_fifth_is_too_many()
    {
        var four = Enumerable.Range(0, 3).Select(i => Trip("a", Day.AddHours(2 * i), Twenty, $"p{i}")).ToArray();
        var s = With(four);
        Assert.Empty(Labels(s, Trip("a", Day.AddHours(8), Twenty, "p9")));
        var s4 = With([.. four, Trip("a", Day.AddHours(8), Twenty, "p8")]);
        Assert.Equal([RuleLabel.TooManyTripsByDay], Labels(s4, Trip("a", Day.AddHours(10), Twenty, "p9")));
    }

    [Fact]
    public void Class_A_claims_elsewhere_do_not_push_a_class_C_journey_over_the_days_limit()
    {
        // Another operator names the person in four class A declarations: a class C journey of the person is not a
        // fifth trip because of them (else any operator could flag anyone's rides), while a fifth class A one is, and
        // class C journeys elsewhere still count.
        var claims = Enumerable.Range(0, 4).Select(i => Trip("b", Day.AddHours(2 * i), Twenty, $"x{i}", proofClass: "A")).ToArray();
        var s = With(claims);
        Assert.Empty(Labels(s, Trip("a", Day.AddHours(9), Twenty, "p", proofClass: "C")));
        Assert.Equal([RuleLabel.InteroperatorTooManyTripsByDay], Labels(s, Trip("c", Day.AddHours(9), Twenty, "q", proofClass: "A")));
        var rides = Enumerable.Range(0, 4).Select(i => Trip("b", Day.AddHours(2 * i), Twenty, $"x{i}", proofClass: "C")).ToArray();
        Assert.Equal([RuleLabel.InteroperatorTooManyTripsByDay], Labels(With(rides), Trip("a", Day.AddHours(9), Twenty, "p", proofClass: "C")));
    }

    [Fact]
    public void The_pair_rule_across_operators_flags_the_weaker_journey_only()
    {
        var weak = Trip("b", Day, Twenty, "pair", proofClass: "A");
        var v = Assert.Single(With(weak).Process(new IdentityCommands.Check(Me, Trip("a", Day.AddMinutes(30), Twenty, "pair", proofClass: "C"))).Cast<IdentityEvents.TripChecked>().Single().Violations);
        Assert.Equal((RuleLabel.InteroperatorTooCloseTrips, RuleSeverity.Indicts, weak.JourneyKey), (v.Label, v.Severity, v.Flags));
        var strong = Trip("b", Day, Twenty, "pair", proofClass: "C");
        v = Assert.Single(With(strong).Process(new IdentityCommands.Check(Me, Trip("a", Day.AddMinutes(30), Twenty, "pair", proofClass: "A"))).Cast<IdentityEvents.TripChecked>().Single().Violations);
        Assert.Equal((RuleLabel.InteroperatorTooCloseTrips, RuleSeverity.Fraud, (string?)null), (v.Label, v.Severity, v.Flags));
    }

    [Fact]
    public void Fifth_trip_across_operators_is_interoperator_too_many()
    {
        var s = With(Trip("a", Day, Twenty, "p0"), Trip("b", Day.AddHours(2), Twenty, "p1"), Trip("a", Day.AddHours(4), Twenty, "p2"), Trip("b", Day.AddHours(6), Twenty, "p3"));
        Assert.Equal([RuleLabel.InteroperatorTooManyTripsByDay], Labels(s, Trip("c", Day.AddHours(8), Twenty, "p4")));
    }

    [Fact]
    public void Trips_of_the_previous_UTC_day_do_not_count()
    {
        var s = With(Enumerable.Range(0, 4).Select(i => Trip("a", Day.Date.AddHours(-1 - 2 * i), Twenty, $"p{i}")).ToArray());
        Assert.Empty(Labels(s, Trip("a", Day.Date.AddHours(5), Twenty, "p9")));
    }

    [Fact]
    public void Several_passengers_of_one_trip_count_once_and_do_not_collide()
    {
        // The driver takes three passengers on trip t-shared: three journeys, one trip.
        var s = With(Trip("a", Day, Twenty, "p1", OccupantRole.Driver, "shared"), Trip("a", Day, Twenty, "p2", OccupantRole.Driver, "shared"));
        Assert.Empty(Labels(s, Trip("a", Day, Twenty, "p3", OccupantRole.Driver, "shared")));
    }

    [Fact]
    public void Same_pair_exactly_30_minutes_apart_is_fine_and_29_59_is_too_close()
    {
        var first = Trip("a", Day, Twenty, "pal");
        var s = With(first);
        Assert.Empty(Labels(s, Trip("a", first.End.AddMinutes(30), Twenty, "pal")));
        Assert.Equal([RuleLabel.TooCloseTrips], Labels(s, Trip("a", first.End.AddMinutes(30).AddSeconds(-1), Twenty, "pal")));
        // ... and before it: ending 29:59 before its start.
        Assert.Equal([RuleLabel.TooCloseTrips], Labels(s, Trip("a", first.Start.AddMinutes(-30).AddSeconds(1) - Twenty, Twenty, "pal")));
        Assert.Empty(Labels(s, Trip("a", first.Start.AddMinutes(-30) - Twenty, Twenty, "pal")));
    }

    [Fact]
    public void Another_person_10_minutes_later_is_not_too_close()
    {
        var first = Trip("a", Day, Twenty, "pal");
        Assert.Empty(Labels(With(first), Trip("a", first.End.AddMinutes(10), Twenty, "someone-else")));
    }

    [Fact]
    public void Same_pair_too_close_on_another_operator_is_interoperator_too_close()
    {
        var first = Trip("a", Day, Twenty, "pal");
        Assert.Equal([RuleLabel.InteroperatorTooCloseTrips], Labels(With(first), Trip("b", first.End.AddMinutes(10), Twenty, "pal")));
    }

    [Fact]
    public void Overlap_on_another_operator_is_fraud_but_touching_is_not()
    {
        var first = Trip("a", Day, Twenty, "x");
        var s = With(first);
        Assert.Equal([RuleLabel.InteroperatorOverlap], Labels(s, Trip("b", first.End.AddSeconds(-1), Twenty, "y")));
        Assert.Empty(Labels(s, Trip("b", first.End, Twenty, "y")));
    }

    [Fact]
    public void Temporal_overlap_ratio_of_exactly_0_7_passes_and_above_is_an_anomaly()
    {
        // 100 min journeys; the second starts 30 min later: overlap 70 min = 0.7 of the shorter.
        var hundred = TimeSpan.FromMinutes(100);
        var first = Trip("a", Day, hundred, "x");
        var s = With(first);
        Assert.DoesNotContain(RuleLabel.TemporalOverlapAnomaly, Labels(s, Trip("a", Day.AddMinutes(30), hundred, "y")));
        Assert.Contains(RuleLabel.TemporalOverlapAnomaly, Labels(s, Trip("a", Day.AddMinutes(30).AddSeconds(-6), hundred, "y")));
    }

    [Fact]
    public void Revoked_journey_no_longer_counts()
    {
        var first = Trip("a", Day, Twenty, "pal");
        var s = With(first);
        var events = s.Process(new IdentityCommands.Revoke(Me, first.JourneyKey, "canceled"));
        foreach (var e in events) s.Apply(e);
        Assert.IsType<IdentityEvents.TripRevoked>(Assert.Single(events));
        Assert.Empty(Labels(s, Trip("a", first.End.AddMinutes(5), Twenty, "pal")));
        Assert.Empty(s.Process(new IdentityCommands.Revoke(Me, first.JourneyKey, "again")));
    }

    [Fact]
    public void Recording_the_same_journey_twice_emits_nothing()
    {
        var t = Trip("a", Day, Twenty);
        var s = With(t);
        Assert.Empty(s.Process(new IdentityCommands.Record(Me, t)));
        Assert.Equal(1, s.TripCount);
    }

    [Fact]
    public void Old_journeys_are_forgotten_after_the_retention_window()
    {
        var s = With(Trip("a", Day, Twenty), Trip("a", Day.AddDays(4), Twenty));
        Assert.Equal(1, s.TripCount);
    }
}

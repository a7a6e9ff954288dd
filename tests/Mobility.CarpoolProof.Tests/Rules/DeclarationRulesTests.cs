using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Tests.Rules;

public sealed class DeclarationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 18, 0, 0, TimeSpan.Zero);
    private const string Key = "0000000000000000000000000000000000000000000000000000000000000000";
    private const string PassengerKey = "1111111111111111111111111111111111111111111111111111111111111111";

    private static Journey J(DateTimeOffset start, DateTimeOffset end, long distance = 10_000, int seats = 1, string passengerKey = PassengerKey) =>
        new("j1", "t1", "A", [], new TimeGeoPoint(start, 45.76, 4.83), new TimeGeoPoint(end, 45.8, 4.9), distance,
            new Driver(new PersonIdentity(Key, "u1", "+336010203"), 0), new Passenger(new PersonIdentity(passengerKey, "u2", "+336010204"), 0, seats));

    private static string[] Labels(Journey j) => [.. DeclarationRules.Check(j, Now).Select(v => v.Label)];

    [Fact]
    public void A_normal_journey_breaks_no_rule() => Assert.Empty(Labels(J(Now.AddHours(-2), Now.AddHours(-1))));

    [Fact]
    public void Driver_and_passenger_with_one_identity_key_is_invalid()
    {
        var v = Assert.Single(DeclarationRules.Check(J(Now.AddHours(-2), Now.AddHours(-1), passengerKey: Key), Now));
        Assert.Equal(RuleLabel.DriverIsPassenger, v.Label);
        Assert.Equal(RuleSeverity.Invalid, v.Severity);
        // Keys differing in one character are two identities.
        Assert.Empty(Labels(J(Now.AddHours(-2), Now.AddHours(-1), passengerKey: Key[..^1] + "1")));
    }

    [Fact]
    public void Start_now_is_allowed_and_one_second_later_is_in_the_future()
    {
        Assert.DoesNotContain(RuleLabel.StartInFuture, Labels(J(Now, Now.AddMinutes(20))));
        Assert.Contains(RuleLabel.StartInFuture, Labels(J(Now.AddSeconds(1), Now.AddMinutes(20))));
    }

    [Fact]
    public void Start_equal_to_end_is_not_after_it_and_one_second_after_is()
    {
        Assert.DoesNotContain(RuleLabel.StartAfterEnd, Labels(J(Now.AddHours(-1), Now.AddHours(-1))));
        var v = DeclarationRules.Check(J(Now.AddHours(-1), Now.AddHours(-1).AddSeconds(-1)), Now);
        Assert.Equal(RuleSeverity.Invalid, v.Single(x => x.Label == RuleLabel.StartAfterEnd).Severity);
    }

    [Fact]
    public void Exactly_24_hours_after_start_is_in_time_and_one_second_more_is_expired()
    {
        Assert.DoesNotContain(RuleLabel.Expired, Labels(J(Now.AddHours(-24), Now.AddHours(-23))));
        var v = DeclarationRules.Check(J(Now.AddHours(-24).AddSeconds(-1), Now.AddHours(-23)), Now);
        Assert.Equal(RuleSeverity.Terms, v.Single(x => x.Label == RuleLabel.Expired).Severity);
    }

    [Theory]
    [InlineData(1_999, RuleLabel.DistanceTooShort)]
    [InlineData(2_000, null)]
    [InlineData(1_000_000, null)]
    [InlineData(1_000_001, RuleLabel.DistanceTooLong)]
    public void Distance_bounds(long meters, string? label)
    {
        var labels = Labels(J(Now.AddHours(-2), Now.AddHours(-1), distance: meters));
        if (label is null) Assert.Empty(labels);
        else Assert.Equal([label], labels);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(8, false)]
    [InlineData(9, true)]
    public void Seats_must_be_1_to_8(int seats, bool violated) =>
        Assert.Equal(violated, Labels(J(Now.AddHours(-2), Now.AddHours(-1), seats: seats)).Contains(RuleLabel.SeatsOutOfRange));
}

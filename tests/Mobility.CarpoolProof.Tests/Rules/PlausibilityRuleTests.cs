using Mobility.CarpoolProof.Rules;

namespace Mobility.CarpoolProof.Tests.Rules;

/// <summary>distance_duration_anomaly thresholds; each comparison is strict, so the exact ratio passes.</summary>
public sealed class PlausibilityRuleTests
{
    private static readonly RouteEstimate Routed = new(10_000, 1_000); // 10 km, 16 min 40 s

    [Fact]
    public void Declared_equal_to_routed_is_plausible() => Assert.Empty(PlausibilityRule.Check(10_000, 1_000, Routed));

    [Theory]
    [InlineData(400, true)]    // routed = 2.5x declared: passes
    [InlineData(399, false)]   // routed > 2.5x declared: too fast to be real
    public void Routed_duration_over_2_5_times_declared(double declaredSeconds, bool plausible) =>
        Assert.Equal(plausible, PlausibilityRule.Check(10_000, declaredSeconds, Routed).Count == 0);

    [Theory]
    [InlineData(4_000, true)]
    [InlineData(3_999, false)]
    public void Routed_distance_over_2_5_times_declared(double declaredMeters, bool plausible) =>
        Assert.Equal(plausible, PlausibilityRule.Check(declaredMeters, 1_000, Routed).Count == 0);

    [Theory]
    [InlineData(40_000, true)]   // 4x routed: passes
    [InlineData(40_001, false)]
    public void Declared_distance_over_4_times_routed(double declaredMeters, bool plausible) =>
        Assert.Equal(plausible, PlausibilityRule.Check(declaredMeters, 1_000, Routed).Count == 0);

    [Theory]
    [InlineData(7_000, true)]    // 7x routed: passes
    [InlineData(7_001, false)]
    public void Declared_duration_over_7_times_routed(double declaredSeconds, bool plausible) =>
        Assert.Equal(plausible, PlausibilityRule.Check(10_000, declaredSeconds, Routed).Count == 0);

    [Theory]
    [InlineData(300, 60, 300, 60, true)]
    [InlineData(299, 60, 300, 60, false)]   // declared under 300 m
    [InlineData(300, 59, 300, 60, false)]   // declared under 60 s
    [InlineData(300, 60, 299, 60, false)]   // routed under 300 m
    [InlineData(300, 60, 300, 59, false)]   // routed under 60 s
    public void Too_short_by_distance_or_time(double dm, double ds, double rm, double rs, bool plausible) =>
        Assert.Equal(plausible, PlausibilityRule.Check(dm, ds, new RouteEstimate(rm, rs)).Count == 0);

    [Fact]
    public void No_route_means_not_evaluated()
    {
        var j = new Mobility.CarpoolProof.Declarations.Journey("j", "t", "A", [],
            new(DateTimeOffset.UnixEpoch, 45, 4), new(DateTimeOffset.UnixEpoch.AddMinutes(10), 45.1, 4), 10_000,
            new(new("k", "u", "+336010203"), 0), new(new("k", "u", "+336010203"), 0));
        Assert.Null(PlausibilityRule.Check(j, new NoRoute()));
    }

    private sealed class NoRoute : IRouteEstimator
    {
        public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure) => null;
    }
}

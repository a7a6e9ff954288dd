using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

public sealed class GbfsPricingTests
{
    private static GbfsPricingPlan Plan(decimal price, PricingSegment[] perKm, PricingSegment[] perMin) =>
        new(new PricingPlanId("p"), LocalizedText.Of("en", "p"), "EUR", price, false, LocalizedText.Empty, [.. perKm], [.. perMin], false);

    // GBFS system_pricing_plans.json, example 1: 2.00 base, 1.00/km from km 10 to 25, then 0.50/km and 3.00 every 5 km.
    private static readonly GbfsPricingPlan Example1 = Plan(2.00m,
        [new(10, 1.00m, 1, 25), new(25, 0.50m, 1, null), new(25, 3.00m, 5, null)], []);

    [Theory]
    [InlineData(0, 2.00)]
    [InlineData(10_000, 2.00)]
    [InlineData(10_500, 3.00)]
    [InlineData(12_000, 4.00)]
    [InlineData(25_000, 17.00)]
    [InlineData(30_000, 22.50)]
    [InlineData(30_500, 26.00)]
    public void Spec_example_1_prices_distance_segments(double meters, double expected) =>
        Assert.Equal((decimal)expected, Example1.Cost(TimeSpan.FromMinutes(20), meters));

    [Fact]
    public async Task Spec_example_2_charges_minutes_and_kilometres_together()
    {
        var plans = (await GbfsFixtures.Load("spec-v3.0")).PricingPlans;
        var plan = plans[new PricingPlanId("cargo_plan_1")];
        // 3.00 unlock + 0.25 x 4 started km + 0.50 x 12 started minutes.
        Assert.Equal(3.00m + 1.00m + 6.00m, plan.Cost(TimeSpan.FromMinutes(11.5), 3_200));
    }

    [Fact]
    public void A_started_minute_is_paid_and_interval_zero_charges_once()
    {
        var plan = Plan(1m, [], [new(0, 0.5m, 1, null), new(10, 4m, 0, null)]);
        Assert.Equal(1.5m, plan.Cost(TimeSpan.Zero, 0));
        Assert.Equal(1.5m, plan.Cost(TimeSpan.FromSeconds(30), 0));
        Assert.Equal(1m + (0.5m * 10), plan.Cost(TimeSpan.FromMinutes(10), 0));
        Assert.Equal(1m + (0.5m * 11) + 4m, plan.Cost(TimeSpan.FromMinutes(10.2), 0));
        Assert.Equal(1m + (0.5m * 60) + 4m, plan.Cost(TimeSpan.FromMinutes(60), 0));
    }

    [Fact]
    public void Negative_duration_or_distance_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Example1.Cost(TimeSpan.FromMinutes(-1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Example1.Cost(TimeSpan.Zero, -1));
    }

    private static readonly Gen<PricingSegment> SegmentGen =
        from start in Gen.Choose(0, 60)
        from length in Gen.Choose(0, 60)
        from interval in Gen.Choose(0, 15)
        from cents in Gen.Choose(0, 500)
        select new PricingSegment(start, cents / 100m, interval, length == 0 ? null : start + length);

    /// <summary>A plain enumeration of the charge points, to cross-check the closed form.</summary>
    private static decimal Naive(PricingSegment s, double amount)
    {
        var limit = s.End is { } e ? Math.Min(amount, e) : amount;
        decimal total = 0;
        for (var t = (double)s.Start; ; t += s.Interval)
        {
            if (!(t < limit || (t == 0 && (s.End is null || s.End > 0))))
            {
                break;
            }

            total += s.Rate;
            if (s.Interval == 0)
            {
                break;
            }
        }

        return total;
    }

    [Fact]
    public void Segment_charge_equals_the_sum_over_its_charge_points()
    {
        Prop.ForAll(SegmentGen.ToArbitrary(), Gen.Choose(0, 20_000).ToArbitrary(), (segment, centiUnits) =>
            segment.Charge(centiUnits / 100.0) == Naive(segment, centiUnits / 100.0)).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void With_non_negative_rates_a_longer_ride_never_costs_less()
    {
        var rides =
            from km in Gen.ArrayOf(SegmentGen)
            from min in Gen.ArrayOf(SegmentGen)
            from minutes in Gen.Choose(0, 300)
            from extra in Gen.Choose(0, 60)
            select (km, min, minutes, extra);
        Prop.ForAll(rides.ToArbitrary(), ride =>
            {
                var (km, min, minutes, extra) = ride;
                var plan = Plan(1m, km, min);
                var shorter = plan.Cost(TimeSpan.FromMinutes(minutes), minutes * 100);
                var longer = plan.Cost(TimeSpan.FromMinutes(minutes + extra), (minutes + extra) * 100);
                return shorter >= plan.Price && longer >= shorter;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Segments_without_end_overlap_as_the_spec_example_says()
    {
        var segments = ImmutableArray.Create(new PricingSegment(25, 0.5m, 1, null), new PricingSegment(25, 3m, 5, null));
        Assert.Equal((0.5m * 10) + (3m * 2), segments.Sum(s => s.Charge(35)));
    }
}

using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Matching.Checking;
using static Mobility.Routing.Tests.Matching.CarpoolFixture;

namespace Mobility.Routing.Tests.Matching;

public sealed class CarpoolCheckerTests
{
    private static IReadOnlyList<Violation> Check(DriverOffer[] offers, CarpoolMatching matching) =>
        SolutionChecker.CheckCarpool(offers, [Rider1, Rider2], matching, Model, Boarding);

    private static IReadOnlyList<Violation> Check(DriverOffer offer, DriverPlan plan, params RiderRequest[] unserved) =>
        Check([offer], Result([plan], unserved));

    [Fact]
    public void Hand_computed_plan_passes()
    {
        var d = Driver();
        Assert.Empty(Check(d, Plan(d, 0, 1060, Pick(Rider1, 200), Drop(Rider1, 830)), Rider2));
    }

    [Fact]
    public void Two_riders_on_one_seat_is_a_capacity_violation()
    {
        var plan = Plan(Driver(), 0, 1120, Pick(Rider1, 200), Pick(Rider2, 330), Drop(Rider2, 660), Drop(Rider1, 890));
        var v = Check(Driver(), plan);
        Assert.Equal([ViolationKind.Capacity], v.Select(x => x.Kind));
        Assert.Empty(Check(Driver(seats: 2), plan));
    }

    [Fact]
    public void Dropoff_before_pickup_is_a_precedence_violation()
    {
        var d = Driver();
        var v = Check(d, Plan(d, 0, 2000, Drop(Rider1, 800), Pick(Rider1, 1000)), Rider2);
        Assert.Contains(v, x => x.Kind == ViolationKind.Precedence);
    }

    [Fact]
    public void Pickup_after_its_window_is_a_time_window_violation()
    {
        var d = Driver();
        var v = Check(d, Plan(d, 0, 1330, Pick(Rider1, 470), Drop(Rider1, 1100)), Rider2);
        Assert.Contains(v, x => x.Kind == ViolationKind.TimeWindow && x.Message.Contains("pickup", StringComparison.Ordinal));
    }

    [Fact]
    public void Stop_time_that_ignores_travel_is_a_time_window_violation()
    {
        var d = Driver();
        var v = Check(d, Plan(d, 0, 1060, Pick(Rider1, 150), Drop(Rider1, 830)), Rider2);
        Assert.Contains(v, x => x.Kind == ViolationKind.TimeWindow && x.Message.Contains("cannot arrive", StringComparison.Ordinal));
    }

    [Fact]
    public void Waiting_beyond_the_budget_is_a_detour_violation()
    {
        var d = Driver(detourSeconds: 200);
        var v = Check(d, Plan(d, 0, 1260, Pick(Rider1, 400), Drop(Rider1, 1030)), Rider2);
        Assert.Equal([ViolationKind.Detour], v.Select(x => x.Kind));
    }

    [Fact]
    public void Long_stay_in_the_car_is_a_ride_time_violation()
    {
        var d = Driver(detourSeconds: 600);
        var v = Check(d, Plan(d, 0, 1330, Pick(Rider1, 200), Drop(Rider1, 1100)), Rider2);
        Assert.Equal([ViolationKind.RideTime], v.Select(x => x.Kind));
    }

    [Fact]
    public void Unreported_request_and_double_service_are_reported()
    {
        var d = Driver();
        Assert.Contains(Check(d, Plan(d, 0, 1060, Pick(Rider1, 200), Drop(Rider1, 830))), x => x.Kind == ViolationKind.Coverage);

        var e = Driver("d2");
        var both = Result([Plan(d, 0, 1060, Pick(Rider1, 200), Drop(Rider1, 830)), Plan(e, 0, 1060, Pick(Rider1, 200), Drop(Rider1, 830))], Rider2);
        Assert.Contains(Check([d, e], both), x => x.Kind == ViolationKind.Duplicate);

        var served = Result([Plan(d, 0, 1060, Pick(Rider1, 200), Drop(Rider1, 830))], Rider1, Rider2);
        Assert.Contains(Check([d], served), x => x.Kind == ViolationKind.Coverage && x.Message.Contains("but served", StringComparison.Ordinal));
    }
}

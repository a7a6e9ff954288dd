using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;

namespace Mobility.Routing.Tests.Matching;

public sealed class LiLimCheckerTests
{
    private static readonly LiLimInstance Tiny = LiLimParserTests.ParseTiny();

    private static IReadOnlyList<Violation> Check(params int[][] routes) =>
        SolutionChecker.CheckLiLim(Tiny, routes.Select(r => (IReadOnlyList<int>)r).ToArray());

    [Fact]
    public void Valid_routes_pass()
    {
        Assert.Empty(Check([1, 2], [3, 4]));
        Assert.Empty(Check([1, 2, 3, 4]));
    }

    [Fact]
    public void Delivery_before_pickup_is_a_precedence_violation()
    {
        var v = Check([2, 1], [3, 4]);
        Assert.Contains(v, x => x.Kind == ViolationKind.Precedence);
    }

    [Fact]
    public void Pair_split_over_two_vehicles_is_a_precedence_violation()
    {
        var v = Check([1, 4], [3, 2]);
        Assert.Equal(2, v.Count(x => x.Kind == ViolationKind.Precedence));
    }

    [Fact]
    public void Pickup_without_delivery_is_a_precedence_violation()
    {
        var v = Check([1], [3, 4]);
        Assert.Contains(v, x => x.Kind == ViolationKind.Precedence && x.Message.Contains("never", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_pairs_on_board_exceed_capacity()
    {
        var v = Check([1, 3, 2, 4]);
        Assert.Contains(v, x => x.Kind == ViolationKind.Capacity);
    }

    [Fact]
    public void Late_service_is_a_time_window_violation_and_waiting_is_not()
    {
        var tight = LiLimParserTests.ParseTiny(LiLimParserTests.Tiny.Replace("3 0 1 6 0 50 1 0 4", "3 0 1 6 0 1 1 0 4", StringComparison.Ordinal));
        Assert.Empty(SolutionChecker.CheckLiLim(tight, [[3, 4], [1, 2]]));
        var v = SolutionChecker.CheckLiLim(tight, [[1, 2, 3, 4]]);
        Assert.Contains(v, x => x.Kind == ViolationKind.TimeWindow && x.Where.Contains("task 3", StringComparison.Ordinal));

        var late = LiLimParserTests.ParseTiny(LiLimParserTests.Tiny.Replace("1 1 0 5 0 50 1 0 2", "1 1 0 5 40 50 1 0 2", StringComparison.Ordinal));
        Assert.Empty(SolutionChecker.CheckLiLim(late, [[1, 2], [3, 4]]));
    }

    [Fact]
    public void Late_return_to_depot_is_a_time_window_violation()
    {
        var closing = LiLimParserTests.ParseTiny(LiLimParserTests.Tiny.Replace("0 0 0 0 0 100 0 0 0", "0 0 0 0 0 4 0 0 0", StringComparison.Ordinal));
        var v = SolutionChecker.CheckLiLim(closing, [[1, 2], [3, 4]]);
        Assert.Contains(v, x => x.Kind == ViolationKind.TimeWindow && x.Where.Contains("return", StringComparison.Ordinal));
    }

    [Fact]
    public void Repeated_unknown_and_missing_tasks_and_extra_vehicles_are_reported()
    {
        Assert.Contains(Check([1, 2, 1, 2], [3, 4]), x => x.Kind == ViolationKind.Duplicate);
        Assert.Contains(Check([1, 2, 9], [3, 4]), x => x.Kind == ViolationKind.Unknown);
        Assert.Contains(Check([1, 2]), x => x.Kind == ViolationKind.Coverage);
        Assert.Empty(SolutionChecker.CheckLiLim(Tiny, [[1, 2]], allowUnserved: true));
        Assert.Contains(Check([1, 2], [3, 4], []), x => x.Kind == ViolationKind.Coverage && x.Where == "fleet");
    }
}

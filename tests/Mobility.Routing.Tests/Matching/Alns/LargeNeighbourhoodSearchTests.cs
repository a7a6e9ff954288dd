using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.Matching.Alns;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;
using Mobility.Routing.Matching.Pdptw;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Matching.Alns;

public sealed class LargeNeighbourhoodSearchTests
{
    private static readonly TimeSpan NoTimeLimit = TimeSpan.FromMinutes(5);

    /// <summary>
    /// lc104's construction as OR-Tools leaves it (9 vehicles, 1084.23): the routes are nearly full of service time,
    /// so no single pair fits elsewhere and OR-Tools' local search, whatever the metaheuristic, stays here.
    /// </summary>
    private const string Lc104Stuck = """
        20 24 101 25 27 29 30 28 26 23 22 21
        5 3 7 8 11 9 6 4 2 1 75 106
        67 65 62 74 80 77 79 68 69 63
        43 42 41 40 44 46 45 48 51 50 52 49 47 105
        90 87 86 83 82 84 85 88 89 91 98 96
        32 33 103 31 35 37 38 39 36 34 17 18
        13 19 16 15 14 102 12 94 99 95 93 10
        57 55 54 53 56 58 60 59 72 61 64 66
        81 78 76 92 104 97 100 71 70 73
        """;

    /// <summary>
    /// The law of the improvement phase on random small instances: whatever it returns passes the independent checker
    /// (windows with real times, capacity, pairing, precedence, coverage), accounts for every pair, reports its true
    /// objective, and never costs more than the routes it started from. The start is the greedy construction without
    /// its first route, so the search also has pairs to put back.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 40)]
    public Property Improved_li_lim_routes_pass_the_checker_and_never_cost_more_than_their_start() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var instance = LiLimSolverTests.RandomInstance(seed);
            var problem = LiLimSolver.ToProblem(instance);
            var start = Stops(GreedyInsertion.Solve(problem)).Skip(1).ToArray();
            var result = LargeNeighbourhoodSearch.Improve(problem, start, new LnsOptions(NoTimeLimit, MaxIterations: 100, Seed: seed));
            var routes = Stops(result).Where(r => r.Count > 0).ToArray();
            var violations = SolutionChecker.CheckLiLim(instance, routes, allowUnserved: true);
            var served = routes.Sum(r => r.Count) / 2;
            return (violations.Count == 0).Label($"checker: {string.Join("; ", violations)}")
                .And((served + result.DroppedRequests.Count == instance.Pairs.Count()).Label("every pair served or dropped"))
                .And((result.Objective == PdptwRules.Objective(problem, result)).Label("reported objective"))
                .And((result.Objective <= PdptwRules.Objective(problem, start)).Label("never worse than the start"));
        });

    /// <summary>
    /// The same law where the time-slack test is not enough: ride-time limits, span limits (detour budgets), allowed
    /// vehicles and separate start and end nodes per vehicle, as the carpool matcher builds them, checked by a plain
    /// simulation written in the test.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 40)]
    public Property Improved_routes_keep_ride_time_span_and_allowed_vehicles() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var problem = PdptwRules.RandomProblem(seed);
            var start = Stops(GreedyInsertion.Solve(problem));
            var result = LargeNeighbourhoodSearch.Improve(problem, start, new LnsOptions(NoTimeLimit, MaxIterations: 100, Seed: seed));
            var faults = PdptwRules.Faults(problem, result);
            return (faults.Count == 0).Label(string.Join("; ", faults))
                .And((result.Objective == PdptwRules.Objective(problem, result)).Label("reported objective"))
                .And((result.Objective <= PdptwRules.Objective(problem, start)).Label("never worse than the start"));
        });

    [Fact]
    public void Lc104_leaves_the_basin_where_pair_moves_are_stuck_and_stays_feasible()
    {
        var instance = LiLimParser.ParseFile(SharedData.Path("lilim", "lc104.txt"));
        var stuck = Lc104Stuck.Split('\n').Select(l => (IReadOnlyList<int>)l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()).ToArray();
        Assert.Empty(SolutionChecker.CheckLiLim(instance, stuck));
        Assert.Equal(1084.23, instance.RouteDistance(stuck), 2);

        var problem = LiLimSolver.ToProblem(instance, stuck.Length, vehiclesFirst: false);
        var result = LargeNeighbourhoodSearch.Improve(problem, stuck, new LnsOptions(NoTimeLimit, MaxIterations: 1500, Seed: 1));
        var routes = Stops(result).Where(r => r.Count > 0).ToArray();
        Assert.Empty(SolutionChecker.CheckLiLim(instance, routes));
        Assert.True(routes.Length <= 9);

        // Best known: 9 vehicles, 860.01.
        Assert.InRange(instance.RouteDistance(routes), 860.0, 880.0);
    }

    [Fact]
    public void Starting_routes_that_break_a_rule_are_refused_with_the_reason()
    {
        var instance = LiLimParserTests.ParseTiny();
        var problem = LiLimSolver.ToProblem(instance);

        // Both pairs on board at once: 6 + 5 is over the capacity of 10.
        IReadOnlyList<int>[] overloaded = [[1, 3, 2, 4]];
        var e = Assert.Throws<ArgumentException>(() => LargeNeighbourhoodSearch.Improve(problem, overloaded, new LnsOptions(NoTimeLimit, 10)));
        Assert.Contains("late or overloaded", e.Message, StringComparison.Ordinal);

        IReadOnlyList<int>[] reversed = [[2, 1]];
        e = Assert.Throws<ArgumentException>(() => LargeNeighbourhoodSearch.Improve(problem, reversed, new LnsOptions(NoTimeLimit, 10)));
        Assert.Contains("before its pickup", e.Message, StringComparison.Ordinal);

        IReadOnlyList<int>[] unknown = [[1, 9]];
        e = Assert.Throws<ArgumentException>(() => LargeNeighbourhoodSearch.Improve(problem, unknown, new LnsOptions(NoTimeLimit, 10)));
        Assert.Contains("outside the problem", e.Message, StringComparison.Ordinal);
    }

    internal static IReadOnlyList<int>[] Stops(PdptwSolution solution) =>
        solution.Routes.Select(r => (IReadOnlyList<int>)r.Stops.Select(v => v.Node).ToArray()).ToArray();
}

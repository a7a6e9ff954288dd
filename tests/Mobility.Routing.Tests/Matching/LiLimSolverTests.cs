using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;
using Mobility.Routing.Matching.Pdptw;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Matching;

public sealed class LiLimSolverTests
{
    private static readonly PdptwSolverOptions Quick = new(TimeSpan.FromSeconds(0.3));

    [Fact]
    public void Tiny_instance_is_solved_and_passes_the_checker()
    {
        var instance = LiLimParserTests.ParseTiny();
        var result = LiLimSolver.Solve(instance, Quick);
        Assert.Empty(SolutionChecker.CheckLiLim(instance, result.Routes));
        Assert.Equal(0, result.UnservedPairs);

        // 6 + 5 > capacity 10, so the two pairs cannot be on board together; one vehicle serving them in turn is best.
        Assert.Equal(1, result.Vehicles);
    }

    [Fact]
    public void Lc101_in_two_seconds_serves_every_pair_and_passes_the_checker()
    {
        var instance = LiLimParser.ParseFile(SharedData.Path("lilim", "lc101.txt"));
        var result = LiLimSolver.Solve(instance, new PdptwSolverOptions(TimeSpan.FromSeconds(2)));
        Assert.Empty(SolutionChecker.CheckLiLim(instance, result.Routes));
        Assert.Equal(0, result.UnservedPairs);
        Assert.Equal(instance.RouteDistance(result.Routes), result.Distance);
    }

    [Fact]
    public void Scaled_costs_track_the_real_distance()
    {
        var instance = LiLimParserTests.ParseTiny();
        var problem = LiLimSolver.ToProblem(instance);
        for (var i = 0; i < instance.Tasks.Count; i++)
        {
            for (var j = 0; j < instance.Tasks.Count; j++)
            {
                var real = instance.Distance(i, j) * LiLimSolver.Scale;
                Assert.InRange(problem.Cost(i, j), real - 0.5, real + 0.5);
                Assert.InRange(problem.Travel(i, j), real, real + 1);
            }
        }
    }

    /// <summary>Random small instances with tight windows: whatever the solver returns, the checker accepts.</summary>
    [FsCheck.Xunit.Property(MaxTest = 6)]
    public Property Random_instances_solve_to_checked_routes() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var instance = RandomInstance(seed);
            var result = LiLimSolver.Solve(instance, new PdptwSolverOptions(TimeSpan.FromSeconds(0.2)));
            var violations = SolutionChecker.CheckLiLim(instance, result.Routes, allowUnserved: true);
            var served = result.Routes.Sum(r => r.Count) / 2;
            return violations.Count == 0 && served + result.UnservedPairs == instance.Pairs.Count();
        });

    /// <summary>The greedy construction's own feasibility simulation agrees with the independent checker.</summary>
    [FsCheck.Xunit.Property(MaxTest = 40)]
    public Property Greedy_insertion_routes_pass_the_checker() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var instance = RandomInstance(seed);
            var solution = GreedyInsertion.Solve(LiLimSolver.ToProblem(instance));
            var routes = solution.Routes.Where(r => r.IsUsed).Select(r => (IReadOnlyList<int>)r.Stops.Select(v => v.Node).ToArray()).ToArray();
            var served = routes.Sum(r => r.Count) / 2;
            return solution.Status == PdptwStatus.Solved
                && SolutionChecker.CheckLiLim(instance, routes, allowUnserved: true).Count == 0
                && served + solution.DroppedRequests.Count == instance.Pairs.Count();
        });

    [Fact]
    public void Greedy_insertion_serves_every_pair_of_lc101()
    {
        var instance = LiLimParser.ParseFile(SharedData.Path("lilim", "lc101.txt"));
        var solution = GreedyInsertion.Solve(LiLimSolver.ToProblem(instance));
        var routes = solution.Routes.Where(r => r.IsUsed).Select(r => (IReadOnlyList<int>)r.Stops.Select(v => v.Node).ToArray()).ToArray();
        Assert.Empty(SolutionChecker.CheckLiLim(instance, routes));
    }

    internal static LiLimInstance RandomInstance(int seed)
    {
        var rng = new Random(seed);
        var pairs = 4 + rng.Next(5);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{1 + rng.Next(3)} 20 1");
        text.AppendLine("0 50 50 0 0 400 0 0 0");
        for (var p = 0; p < pairs; p++)
        {
            var pid = 1 + (2 * p);
            var demand = 1 + rng.Next(15);
            var open = rng.Next(200);
            text.AppendLine(CultureInfo.InvariantCulture, $"{pid} {rng.Next(100)} {rng.Next(100)} {demand} {open} {open + 20 + rng.Next(60)} 5 0 {pid + 1}");
            text.AppendLine(CultureInfo.InvariantCulture, $"{pid + 1} {rng.Next(100)} {rng.Next(100)} {-demand} {open} {open + 60 + rng.Next(120)} 5 {pid} 0");
        }

        return LiLimParser.Parse(new StringReader(text.ToString()), $"random{seed}", "random");
    }
}

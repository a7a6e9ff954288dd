using FsCheck;
using FsCheck.Fluent;
using Mobility.Routing.Matching.Alns;
using Mobility.Routing.Matching.LiLim;
using Mobility.Routing.Matching.Pdptw;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Matching.Alns;

public sealed class RoutePlanTests
{
    /// <summary>
    /// lrc201 at its best known (4 vehicles, 1406.94), as OR-Tools found it: every place of it must be found again.
    /// </summary>
    private const string Lrc201Best = """
        42 36 39 72 45 5 2 98 88 61 44 40 38 41 81 94 50 34 32 26 89 48 24 25 77 58
        69 82 52 83 64 19 23 21 18 76 85 84 51 49 22 20 66 56 96 54 37 43 35 93 91 80
        92 95 63 33 28 27 29 31 30 62 67 71 90 99 57 86 87 9 53 10 97 74 13 17 60 100 70 102
        65 14 47 59 75 16 15 11 12 73 78 79 7 6 8 46 3 101 4 1 55 68
        """;

    /// <summary>
    /// A request taken out of a feasible route can go back where it was, so the cheapest insertion must find a place
    /// that costs no more than the removal saved: the time-slack test may never refuse a feasible place.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 60)]
    public Property Cheapest_insertion_finds_every_request_its_place_back() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 1_000_000)), seed =>
        {
            var problem = seed % 2 == 0 ? LiLimSolver.ToProblem(LiLimSolverTests.RandomInstance(seed)) : PdptwRules.RandomProblem(seed);
            var stops = LargeNeighbourhoodSearchTests.Stops(GreedyInsertion.Solve(problem));
            var faults = PlacesNotFoundAgain(problem, stops);
            return (faults.Count == 0).Label(string.Join("; ", faults));
        });

    [Fact]
    public void Cheapest_insertion_finds_every_place_of_lrc201_best_known_routes()
    {
        var instance = LiLimParser.ParseFile(SharedData.Path("lilim", "lrc201.txt"));
        var stops = Lrc201Best.Split('\n').Select(l => (IReadOnlyList<int>)l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray()).ToArray();
        Assert.Equal(1406.94, instance.RouteDistance(stops), 2);
        Assert.Empty(PlacesNotFoundAgain(LiLimSolver.ToProblem(instance, stops.Length, vehiclesFirst: false), stops));
    }

    private static List<string> PlacesNotFoundAgain(PdptwProblem problem, IReadOnlyList<IReadOnlyList<int>> stops)
    {
        var context = new SearchContext(problem);
        var faults = new List<string>();
        for (var v = 0; v < stops.Count; v++)
        {
            foreach (var request in stops[v].Select(n => context.RequestOf[n]).Distinct())
            {
                var r = problem.Requests[request];
                var full = new RoutePlan(context, v, stops[v]);
                var saving = full.RemovalSaving(r.Pickup, r.Delivery);
                var without = new RoutePlan(context, v, stops[v].Where(n => n != r.Pickup && n != r.Delivery));
                var place = without.Cheapest(request);
                if (!place.Exists || place.Cost > saving)
                    faults.Add($"vehicle {v}, request {request}: {(place.Exists ? $"cost {place.Cost} over {saving}" : "no place")}");
            }
        }

        return faults;
    }
}

using Mobility.Routing.Street;
using Mobility.Routing.Street.Search;
using Mobility.Routing.Street.Turns;
using Mobility.City;

namespace Mobility.Routing.Tests.Street;

/// <summary>
/// Issue 11: car routes pay for their turns (OSRM car.lua's turn model on an edge-based car graph). The curve, a
/// junction where the penalty changes the route, and every search (plain, bidirectional, CH; junctions and snapped
/// points) against <see cref="EdgeBasedReference"/>, written apart, on the demo town and the Portland extract.
/// </summary>
public sealed class TurnCostTests(ITestOutputHelper output)
{
    private static readonly StreetAlgorithm[] Algorithms = [StreetAlgorithm.Dijkstra, StreetAlgorithm.Bidirectional, StreetAlgorithm.Contraction];

    [Theory]
    [InlineData(0, false, 0.0069)] // straight on: practically free
    [InlineData(45, false, 0.1397)]
    [InlineData(90, false, 2.1053)] // right, with the traffic
    [InlineData(-90, false, 5.3947)] // left, across it
    [InlineData(135, false, 6.6688)]
    [InlineData(-135, false, 7.4121)]
    [InlineData(180, true, 27.4548)] // back the way one came: 7.45 s + 20 s
    public void Turn_penalty_follows_the_car_profile_curve(double angle, bool uTurn, double seconds) =>
        Assert.Equal(seconds, CarTurnModel.Seconds(angle, uTurn, StreetBuildOptions.Default), 3);

    [Fact]
    public void Left_hand_traffic_mirrors_the_cheap_side()
    {
        var left = StreetBuildOptions.Default with { CarDrivesOnLeft = true };
        Assert.Equal(5.3947, CarTurnModel.Seconds(90, false, left), 3);
        Assert.Equal(2.1053, CarTurnModel.Seconds(-90, false, left), 3);
    }

    [Theory]
    [InlineData(0, 90, 90)] // heading north, leaving east: right
    [InlineData(90, 0, -90)]
    [InlineData(350, 10, 20)]
    [InlineData(10, 350, -20)]
    [InlineData(0, 180, 180)]
    [InlineData(270, 270, 0)]
    public void Turn_angle_is_signed_right_positive(double inBearing, double outBearing, double expected) =>
        Assert.Equal(expected, CarTurnModel.Angle(inBearing, outBearing), 6);

    /// <summary>
    /// The cross X(0,0) with arms W, E, N, S and the street N-NE(1,1)-E. From the west arm to a point near NE on that
    /// street: by N is 16 m shorter (2.3 s at 25 km/h) but turns left at X (5.4 s); by E goes straight over X and
    /// N, E are bends of two streets (free). Without turn costs the route goes by N; with them, by E, and the duration
    /// is the plain driving time of the E route plus the straight-on crossing (7 ms).
    /// </summary>
    [Fact]
    public void A_left_turn_makes_a_slightly_longer_straight_route_faster()
    {
        var from = SyntheticStreets.At(-0.5, 0);
        var to = SyntheticStreets.At(0.9, 1);
        var plain = SyntheticStreets.Cross(StreetBuildOptions.Default with { CarTurnCosts = false }).Build();
        var turning = SyntheticStreets.Cross().Build();
        Assert.False(plain.HasTurnCosts);
        Assert.True(turning.HasTurnCosts);

        var before = Route(plain, from, to);
        var after = Route(turning, from, to);
        Assert.Equal([10L, 13L], before.Nodes.Select(plain.NodeOsmId));
        Assert.Equal([10L, 12L], after.Nodes.Select(turning.NodeOsmId));
        Assert.True(after.Duration > before.Duration, $"{after.Duration} vs {before.Duration}");
        Assert.True(after.DistanceMeters > before.DistanceMeters + 10, $"{after.DistanceMeters} m vs {before.DistanceMeters} m");

        // Its cost: the same route driven without turn costs, plus 7 ms for crossing X straight on.
        var straightOn = (int)Math.Round(CarTurnModel.Seconds(0, false, StreetBuildOptions.Default) * 1000);
        var viaE = Route(plain, from, SyntheticStreets.At(1, 0.5));
        Assert.Equal([10L, 12L], viaE.Nodes.Select(plain.NodeOsmId));
        var eToTarget = Route(plain, SyntheticStreets.At(1, 0.5), to);
        Assert.InRange(after.Duration.TotalMilliseconds - (viaE.Duration + eToTarget.Duration).TotalMilliseconds - straightOn, -2, 2);
    }

    /// <summary>
    /// The turns of a T: street 1(0,0)-2(1,0)-3(2,0) with a bend at 3 on to 4(2,-1), a dead end, and 2-5(1,1). At 2
    /// (three streets) turning costs by the curve: left (1-2 onto 2-5) 5.39 s, right 2.11 s, straight on 7 ms; at the bend 3
    /// (two streets) nothing; at the dead end 4 only the U-turn, 27.45 s; every turn of the car graph is an arc.
    /// </summary>
    [Fact]
    public void Turn_arcs_cost_by_angle_bends_are_free_and_dead_ends_pay_the_u_turn()
    {
        var network = new SyntheticStreets()
            .Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Node(4, 2, -1).Node(5, 1, 1)
            .Way(1, "highway=residential", 1, 2)
            .Way(2, "highway=residential", 2, 3)
            .Way(3, "highway=residential", 3, 4)
            .Way(4, "highway=residential", 2, 5)
            .Build();
        var turns = network.TurnGraph!;
        var car = turns.Car;
        int Edge(long from, long to) => Enumerable.Range(0, car.EdgeCount).Single(e =>
            network.NodeOsmId(car.StreetNode[car.Tail[e]]) == from && network.NodeOsmId(car.StreetNode[car.Head[e]]) == to);
        int Turn(long a, long b, long c)
        {
            var (e, f) = (Edge(a, b), Edge(b, c));
            var arc = Enumerable.Range(turns.Arcs.FirstOut[e], turns.Arcs.FirstOut[e + 1] - turns.Arcs.FirstOut[e]).Single(x => turns.Arcs.Head[x] == f);
            return turns.TurnCost(arc);
        }

        Assert.Equal(5395, Turn(1, 2, 5));
        Assert.Equal(5395, Turn(5, 2, 3)); // heading south, east is on the left
        Assert.Equal(2105, Turn(5, 2, 1)); // and west on the right
        Assert.Equal(7, Turn(1, 2, 3));
        Assert.Equal(0, Turn(2, 3, 4)); // a bend: two streets only
        Assert.Equal(27455, Turn(3, 4, 3));
        Assert.Equal(27455, Turn(1, 2, 1));
        Assert.Equal(8, car.EdgeCount);
        Assert.Equal(3 + 1 + 2 + 3 + 1 + 2 + 1 + 3, turns.Arcs.EdgeCount); // out-edges at the head of each edge
    }

    [Fact]
    public void Every_search_equals_the_edge_based_reference_on_the_demo_town()
    {
        var directory = Path.Combine(Path.GetTempPath(), "mobility-turn-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var city = CityGenerator.Generate(CitySpec.Preset("town", 42), directory);
            var network = StreetNetwork.Load(city.OsmPath);
            CrossCheck(network, nodePairs: 1500, snapPairs: 400);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_search_equals_the_edge_based_reference_on_portland()
    {
        CrossCheck(FixtureNetworks.Portland, nodePairs: 2500, snapPairs: 500);
    }

    private void CrossCheck(StreetNetwork network, int nodePairs, int snapPairs)
    {
        Assert.True(network.HasTurnCosts);
        output.WriteLine(network.Report.ToString());
        var reference = new EdgeBasedReference(network);
        var graph = network.Graph(StreetProfile.Car);
        var main = Enumerable.Range(0, graph.NodeCount).Where(n => graph.InMain[n]).ToArray();
        var random = new Random(20261207);
        var turned = 0;
        for (var i = 0; i < nodePairs; i++)
        {
            var s = i % 20 == 0 ? random.Next(graph.NodeCount) : main[random.Next(main.Length)];
            var t = i % 20 == 1 ? random.Next(graph.NodeCount) : main[random.Next(main.Length)];
            var expected = reference.NodeCost(s, t);
            foreach (var algorithm in Algorithms)
            {
                Assert.True(expected == StreetRouter.NodeCost(network, StreetProfile.Car, s, t, algorithm), $"{algorithm} {s}->{t}: reference {expected}, got {StreetRouter.NodeCost(network, StreetProfile.Car, s, t, algorithm)}");
            }
        }

        var checkedSnaps = 0;
        while (checkedSnaps < snapPairs)
        {
            var a = RandomSnap(network, random);
            var b = RandomSnap(network, random);
            if (a is null || b is null)
            {
                continue;
            }

            checkedSnaps++;
            var expected = reference.SnapCost(a.Value, b.Value);
            var reach = network.OneToMany(a.Value, [b.Value], TimeSpan.FromHours(5))[0];
            foreach (var algorithm in Algorithms)
            {
                var path = network.Route(a.Value, b.Value, algorithm);
                Assert.True(expected == (path is null ? int.MaxValue : (int)path.Duration.TotalMilliseconds), $"{algorithm}: reference {expected}, got {path?.Duration}");
            }

            Assert.Equal(expected == int.MaxValue, !reach.Reached);
            if (reach.Reached)
            {
                Assert.Equal(expected, (int)reach.Duration.TotalMilliseconds);
                var path = network.Route(a.Value, b.Value)!;
                Assert.InRange(reach.DistanceMeters, path.DistanceMeters - 0.5, path.DistanceMeters + 0.5);
                turned += path.Nodes.Count > 1 ? 1 : 0;
            }
        }

        Assert.True(turned > snapPairs / 2, $"only {turned} routes passed a junction");
    }

    /// <summary>A random car snap inside the extract that does not stand on a junction (the reference does not seed junctions).</summary>
    private static StreetSnap? RandomSnap(StreetNetwork network, Random random)
    {
        var graph = network.Graph(StreetProfile.Car);
        var node = random.Next(graph.NodeCount);
        var at = network.NodeCoordinate(graph.StreetNode[node]);
        var snap = network.Snap(at.Lat + ((random.NextDouble() - 0.5) * 0.004), at.Lon + ((random.NextDouble() - 0.5) * 0.004), StreetProfile.Car);
        if (snap is not { } s)
        {
            return null;
        }

        var length = graph.GeoLength[s.Edge];
        return s.Fraction * length < 1 || (1 - s.Fraction) * length < 1 ? null : s;
    }

    private static StreetPath Route(StreetNetwork network, GeoCoordinate from, GeoCoordinate to)
    {
        var a = network.Snap(from.Lat, from.Lon, StreetProfile.Car)!.Value;
        var b = network.Snap(to.Lat, to.Lon, StreetProfile.Car)!.Value;
        var paths = Algorithms.Select(x => network.Route(a, b, x)!).ToList();
        Assert.All(paths, p => Assert.Equal(paths[0].Duration, p.Duration));
        return paths[2];
    }
}

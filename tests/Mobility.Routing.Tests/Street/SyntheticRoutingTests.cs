using Mobility.Routing.Street;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Tests.Street;

public sealed class SyntheticRoutingTests
{
    private static readonly StreetAlgorithm[] Algorithms = [StreetAlgorithm.Dijkstra, StreetAlgorithm.Bidirectional, StreetAlgorithm.Contraction];

    /// <summary>Routes with every algorithm, asserts they agree, returns the (shared) duration in seconds.</summary>
    private static (double Seconds, StreetPath Path) RouteAll(StreetNetwork network, GeoCoordinate from, GeoCoordinate to, StreetProfile profile)
    {
        var a = network.Snap(from.Lat, from.Lon, profile)!.Value;
        var b = network.Snap(to.Lat, to.Lon, profile)!.Value;
        var paths = Algorithms.Select(x => network.Route(a, b, x)).ToList();
        Assert.All(paths, p => Assert.NotNull(p));
        Assert.All(paths, p => Assert.Equal(paths[0]!.Duration, p!.Duration));
        return (paths[0]!.Duration.TotalSeconds, paths[2]!);
    }

    private static List<long> OsmNodes(StreetNetwork network, StreetPath path) => [.. path.Nodes.Select(network.NodeOsmId)];

    [Fact]
    public void No_right_turn_forces_a_detour_and_all_algorithms_agree()
    {
        var from = SyntheticStreets.At(-0.5, 0);
        var to = SyntheticStreets.At(0, -0.5);
        var free = SyntheticStreets.Cross().Build();
        var restricted = SyntheticStreets.Cross().Restriction(1, 10, 4, TurnRestrictionKind.No).Build();

        var (freeSeconds, freePath) = RouteAll(free, from, to, StreetProfile.Car);
        var (restrictedSeconds, restrictedPath) = RouteAll(restricted, from, to, StreetProfile.Car);

        Assert.Equal([10L], OsmNodes(free, freePath));
        Assert.True(restrictedSeconds > freeSeconds * 2, $"restricted {restrictedSeconds} s vs free {freeSeconds} s");
        var nodes = OsmNodes(restricted, restrictedPath);
        Assert.Equal(10L, nodes[0]);
        Assert.Equal(10L, nodes[^1]);
        Assert.Equal(1, restricted.Report.TurnRestrictionsApplied);

        // Walking ignores car restrictions.
        Assert.Equal(RouteAll(free, from, to, StreetProfile.Walk).Seconds, RouteAll(restricted, from, to, StreetProfile.Walk).Seconds);
    }

    /// <summary>
    /// Issue 11: a point exactly on a junction used to start (or end) only along the edge it snapped to; when that edge
    /// is one-way away from the junction the route was forced down it. J(0,0) has a one-way street to A(3,0) and a
    /// two-way one to B(0,1); B-C(3,1)-A closes the loop. From J to B and from B to J by car, whichever edge J snaps
    /// onto, the route is the 111 m street J-B, with every algorithm and in the one-to-many search, both ways.
    /// </summary>
    [Fact]
    public void A_point_on_a_junction_starts_from_the_junction_not_down_a_one_way_street()
    {
        var network = new SyntheticStreets()
            .Node(1, 0, 0).Node(2, 3, 0).Node(3, 0, 1).Node(4, 3, 1)
            .Way(1, "highway=residential,oneway=yes", 1, 2)
            .Way(2, "highway=residential", 1, 3)
            .Way(3, "highway=residential", 3, 4)
            .Way(4, "highway=residential", 4, 2)
            .Build();
        var j = SyntheticStreets.At(0, 0);
        var b = network.Snap(SyntheticStreets.At(0, 1).Lat, SyntheticStreets.At(0, 1).Lon, StreetProfile.Car)!.Value;

        // J as a point of the one-way edge J-A: the end of the edge's geometry where J lies.
        var middle = network.Snap(SyntheticStreets.At(1.5, 0).Lat, SyntheticStreets.At(1.5, 0).Lon, StreetProfile.Car)!.Value;
        var onOneWay = new[] { 0.0, 1.0 }.Select(f => middle with { Fraction = f })
            .Single(snap => Geo(network.Route(snap, snap, StreetAlgorithm.Dijkstra)!.Coordinates[0]) < 1);

        var jToB = Geo(j, SyntheticStreets.At(0, 1)) / (25 / 3.6);
        foreach (var algorithm in Algorithms)
        {
            var there = network.Route(onOneWay, b, algorithm)!;
            var back = network.Route(b, onOneWay, algorithm)!;
            Assert.InRange(there.Duration.TotalSeconds, jToB - 1, jToB + 1);
            Assert.InRange(back.Duration.TotalSeconds, jToB - 1, jToB + 1);
        }

        var reach = network.OneToMany(b, [onOneWay], TimeSpan.FromMinutes(10));
        Assert.InRange(reach[0].Duration.TotalSeconds, jToB - 1, jToB + 1);
        reach = network.OneToMany(onOneWay, [b], TimeSpan.FromMinutes(10));
        Assert.InRange(reach[0].Duration.TotalSeconds, jToB - 1, jToB + 1);

        double Geo(GeoCoordinate a, GeoCoordinate? other = null)
        {
            var o = other ?? j;
            return Mobility.Routing.Gtfs.Geo.HaversineMeters(a.Lat, a.Lon, o.Lat, o.Lon);
        }
    }

    [Fact]
    public void Only_straight_on_forbids_every_other_turn()
    {
        var network = SyntheticStreets.Cross().Restriction(1, 10, 2, TurnRestrictionKind.Only).Build();
        var (_, toEast) = RouteAll(network, SyntheticStreets.At(-0.5, 0), SyntheticStreets.At(0.5, 0), StreetProfile.Car);
        Assert.Equal([10L], OsmNodes(network, toEast));

        var (_, toNorth) = RouteAll(network, SyntheticStreets.At(-0.5, 0), SyntheticStreets.At(0, 0.5), StreetProfile.Car);
        var nodes = OsmNodes(network, toNorth);
        Assert.Equal(10L, nodes[0]);
        Assert.Contains(12L, nodes);
        Assert.NotEqual([10L], nodes);

        // Coming from the north, the restriction does not apply.
        var (_, fromNorth) = RouteAll(network, SyntheticStreets.At(0, 0.5), SyntheticStreets.At(-0.5, 0), StreetProfile.Car);
        Assert.Equal([10L], OsmNodes(network, fromNorth));
    }

    [Fact]
    public void Oneway_is_respected_by_car_and_bike_but_not_by_walk_and_contraflow_bike_lanes_open_it()
    {
        // Square 1(0,0) 2(1,0) 3(1,1) 4(0,1); way 1-2 oneway towards 2, the rest two-way.
        SyntheticStreets Square(string onewayTags) => new SyntheticStreets()
            .Node(1, 0, 0).Node(2, 1, 0).Node(3, 1, 1).Node(4, 0, 1)
            .Way(1, "highway=residential," + onewayTags, 1, 2)
            .Way(2, "highway=residential", 2, 3, 4, 1);
        var from = SyntheticStreets.At(0.9, 0);
        var to = SyntheticStreets.At(0.1, 0);

        var oneway = Square("oneway=yes").Build();
        var car = RouteAll(oneway, from, to, StreetProfile.Car);
        var bike = RouteAll(oneway, from, to, StreetProfile.Bike);
        var walk = RouteAll(oneway, from, to, StreetProfile.Walk);
        Assert.True(car.Path.DistanceMeters > 300, $"car {car.Path.DistanceMeters} m");
        Assert.True(bike.Path.DistanceMeters > 300, $"bike {bike.Path.DistanceMeters} m");
        Assert.InRange(walk.Path.DistanceMeters, 60, 65);

        var reversed = Square("oneway=-1").Build();
        Assert.InRange(RouteAll(reversed, from, to, StreetProfile.Car).Path.DistanceMeters, 60, 65);

        var contraflow = Square("oneway=yes,oneway:bicycle=no").Build();
        Assert.InRange(RouteAll(contraflow, from, to, StreetProfile.Bike).Path.DistanceMeters, 60, 65);
        Assert.True(RouteAll(contraflow, from, to, StreetProfile.Car).Path.DistanceMeters > 300);
    }

    [Fact]
    public void Access_tags_select_profiles()
    {
        var network = new SyntheticStreets()
            .Node(1, 0, 0).Node(2, 1, 0).Node(3, 2, 0).Node(4, 3, 0).Node(5, 4, 0)
            .Way(1, "highway=residential", 1, 2)
            .Way(2, "highway=footway", 2, 3)
            .Way(3, "highway=residential,access=private,foot=yes", 3, 4)
            .Way(4, "highway=motorway", 4, 5)
            .Build();
        var walk = network.Graph(StreetProfile.Walk);
        var car = network.Graph(StreetProfile.Car);
        var bike = network.Graph(StreetProfile.Bike);
        Assert.Equal(6, walk.EdgeCount); // ways 1, 2, 3 both ways; no motorway
        Assert.Equal(3, car.EdgeCount); // way 1 both ways, motorway oneway
        Assert.Equal(2, bike.EdgeCount); // way 1 only
    }

    [Fact]
    public void Snapping_skips_islands_and_dead_end_oneways()
    {
        var network = new SyntheticStreets()
            .Node(1, 0, 0).Node(2, 1, 0).Node(3, 1, 1).Node(4, 0, 1)
            .Way(1, "highway=residential", 1, 2)
            .Way(4, "highway=residential", 2, 3)
            .Way(5, "highway=residential", 3, 4)
            .Way(6, "highway=residential", 4, 1)
            .Node(20, 0.3, -0.3).Node(21, 0.7, -0.3)
            .Way(2, "highway=service", 20, 21) // an island close to the query point
            .Node(30, 0, -1).Node(31, 1, -1)
            .Way(3, "highway=residential,oneway=yes", 2, 31)
            .Build();
        var query = SyntheticStreets.At(0.5, -0.25);

        var snap = network.Snap(query.Lat, query.Lon, StreetProfile.Walk)!.Value;
        Assert.InRange(snap.DistanceMeters, 27, 29); // to way 1 at y=0, not the island at 5.5 m
        var island = network.Snap(query.Lat, query.Lon, StreetProfile.Walk, 10);
        Assert.Null(island);

        // The oneway 2->31 leads to a dead end for cars: its end cannot reach the main network, so nothing snaps to it.
        var nearDeadEnd = SyntheticStreets.At(1, -0.9);
        var car = network.Snap(nearDeadEnd.Lat, nearDeadEnd.Lon, StreetProfile.Car)!.Value;
        Assert.True(car.DistanceMeters > 90, $"snapped {car.DistanceMeters} m away");
        var walkSnap = network.Snap(nearDeadEnd.Lat, nearDeadEnd.Lon, StreetProfile.Walk)!.Value;
        Assert.True(walkSnap.DistanceMeters < 1);
    }

    [Fact]
    public void Node_costs_agree_on_random_synthetic_grids_with_restrictions()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var streets = new SyntheticStreets();
            const int size = 12;
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    streets.Node((y * size) + x + 1, x + (random.NextDouble() * 0.3), y + (random.NextDouble() * 0.3));
                }
            }

            long way = 1;
            var ways = new List<(long Id, long A, long B)>();
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                {
                    long a = (y * size) + x + 1;
                    foreach (var b in (long[])[x + 1 < size ? a + 1 : 0, y + 1 < size ? a + size : 0])
                    {
                        if (b == 0 || random.NextDouble() < 0.1)
                        {
                            continue;
                        }

                        var tags = random.Next(5) switch
                        {
                            0 => "highway=primary,oneway=yes",
                            1 => "highway=residential,oneway=-1",
                            2 => "highway=secondary",
                            _ => "highway=residential",
                        };
                        streets.Way(way, tags, a, b);
                        ways.Add((way++, a, b));
                    }
                }
            }

            foreach (var (id, a, b) in ways.Where(_ => random.NextDouble() < 0.3))
            {
                var touching = ways.Where(w => w.Id != id && (w.A == b || w.B == b)).ToList();
                if (touching.Count > 0)
                {
                    var to = touching[random.Next(touching.Count)];
                    streets.Restriction(id, b, to.Id, random.Next(3) == 0 ? TurnRestrictionKind.Only : TurnRestrictionKind.No);
                }
            }

            var network = streets.Build();
            var graph = network.Graph(StreetProfile.Car);
            for (var i = 0; i < 200; i++)
            {
                var s = random.Next(graph.NodeCount);
                var t = random.Next(graph.NodeCount);
                var plain = StreetRouter.NodeCost(network, StreetProfile.Car, s, t, StreetAlgorithm.Dijkstra);
                Assert.Equal(plain, StreetRouter.NodeCost(network, StreetProfile.Car, s, t, StreetAlgorithm.Bidirectional));
                Assert.Equal(plain, StreetRouter.NodeCost(network, StreetProfile.Car, s, t, StreetAlgorithm.Contraction));
            }
        }
    }
}

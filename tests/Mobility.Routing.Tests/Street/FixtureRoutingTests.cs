using Mobility.Routing.Street;
using Mobility.Routing.Street.Search;

namespace Mobility.Routing.Tests.Street;

public sealed class FixtureRoutingTests(ITestOutputHelper output)
{
    public static TheoryData<string, StreetProfile> Cases => new()
    {
        { "portland", StreetProfile.Car }, { "portland", StreetProfile.Walk }, { "portland", StreetProfile.Bike },
        { "cobb", StreetProfile.Car }, { "cobb", StreetProfile.Walk }, { "cobb", StreetProfile.Bike },
    };

    private static StreetNetwork Network(string name) => name == "portland" ? FixtureNetworks.Portland : FixtureNetworks.Cobb;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Contraction_bidirectional_and_plain_dijkstra_agree_on_random_node_pairs(string name, StreetProfile profile)
    {
        var network = Network(name);
        output.WriteLine(network.Report.ToString());
        var graph = network.Graph(profile);
        var main = Enumerable.Range(0, graph.NodeCount).Where(n => graph.InMain[n]).ToArray();
        Assert.True(main.Length > 1000, $"main component of {profile} has {main.Length} nodes");
        var random = new Random(20261125);
        var pairs = profile == StreetProfile.Car ? 1500 : 500;
        for (var i = 0; i < pairs; i++)
        {
            // Any graph node, so that unreachable pairs (outside the main component) are compared too.
            var s = i % 10 == 0 ? random.Next(graph.NodeCount) : main[random.Next(main.Length)];
            var t = i % 10 == 1 ? random.Next(graph.NodeCount) : main[random.Next(main.Length)];
            var plain = StreetRouter.NodeCost(network, profile, s, t, StreetAlgorithm.Dijkstra);
            var bidirectional = StreetRouter.NodeCost(network, profile, s, t, StreetAlgorithm.Bidirectional);
            var ch = StreetRouter.NodeCost(network, profile, s, t, StreetAlgorithm.Contraction);
            Assert.True(plain == bidirectional && plain == ch, $"{name} {profile} pair {s}->{t}: dijkstra {plain}, bidirectional {bidirectional}, ch {ch}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Routes_between_random_snapped_points_agree_and_have_consistent_geometry(string name, StreetProfile profile)
    {
        var network = Network(name);
        var random = new Random(7);
        var unreachable = 0;
        for (var i = 0; i < 150; i++)
        {
            var a = RandomSnap(network, random, profile);
            var b = RandomSnap(network, random, profile);
            var plain = network.Route(a, b, StreetAlgorithm.Dijkstra);
            var bi = network.Route(a, b, StreetAlgorithm.Bidirectional);
            var ch = network.Route(a, b, StreetAlgorithm.Contraction);
            if (plain is null)
            {
                // Only between two separate main areas of the extract (Cobb County has two).
                Assert.Null(bi);
                Assert.Null(ch);
                unreachable++;
                continue;
            }

            Assert.Equal(plain.Duration, bi!.Duration);
            Assert.Equal(plain.Duration, ch!.Duration);
            Assert.Equal(plain.DistanceMeters, ch.DistanceMeters, 0.5);
            AssertClose(a.Point, ch.Coordinates[0]);
            AssertClose(b.Point, ch.Coordinates[^1]);
            var crow = Haversine(a.Point, b.Point);
            Assert.True(ch.DistanceMeters >= crow - 1, $"path {ch.DistanceMeters} m shorter than crow flight {crow} m");
            var drawn = 0.0;
            for (var k = 1; k < ch.Coordinates.Count; k++)
            {
                drawn += Haversine(ch.Coordinates[k - 1], ch.Coordinates[k]);
            }

            Assert.Equal(ch.DistanceMeters, drawn, Math.Max(2, ch.DistanceMeters * 0.01));
        }

        Assert.True(unreachable < 50, $"{unreachable} of 150 pairs unreachable");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void One_to_many_matches_point_to_point_routes(string name, StreetProfile profile)
    {
        var network = Network(name);
        var random = new Random(11);
        StreetSnap Next() => RandomSnap(network, random, profile);
        for (var round = 0; round < 5; round++)
        {
            var source = Next();
            var targets = Enumerable.Range(0, 30).Select(_ => Next()).ToList();
            var unbounded = network.OneToMany(source, targets, TimeSpan.FromDays(1));
            var bound = TimeSpan.FromMinutes(profile == StreetProfile.Car ? 3 : 20);
            var bounded = network.OneToMany(source, targets, bound);
            for (var j = 0; j < targets.Count; j++)
            {
                var path = network.Route(source, targets[j], StreetAlgorithm.Dijkstra);
                Assert.Equal(path is not null, unbounded[j].Reached);
                if (path is null)
                {
                    Assert.False(bounded[j].Reached);
                    continue;
                }

                Assert.Equal(path.Duration, unbounded[j].Duration);
                Assert.Equal(path.Duration <= bound, bounded[j].Reached);
                if (bounded[j].Reached)
                {
                    Assert.Equal(path.Duration, bounded[j].Duration);
                }
            }
        }
    }

    /// <summary>A point up to about 200 m from a random street node, snapped (the fixtures' bounding boxes have empty corners).</summary>
    internal static StreetSnap RandomSnap(StreetNetwork network, Random random, StreetProfile profile)
    {
        var node = network.NodeCoordinate(random.Next(network.NodeCount));
        var snap = network.Snap(node.Lat + ((random.NextDouble() - 0.5) * 0.004), node.Lon + ((random.NextDouble() - 0.5) * 0.004), profile, 5_000);
        Assert.NotNull(snap);
        return snap.Value;
    }

    private static void AssertClose(GeoCoordinate expected, GeoCoordinate actual) =>
        Assert.True(Haversine(expected, actual) < 0.5, $"{actual} is not at {expected}");

    internal static double Haversine(GeoCoordinate a, GeoCoordinate b) =>
        Mobility.Routing.Street.Graph.GeoMath.Haversine(a.Lat, a.Lon, b.Lat, b.Lon);
}

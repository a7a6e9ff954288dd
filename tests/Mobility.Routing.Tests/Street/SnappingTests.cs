using Mobility.Routing.Street;

namespace Mobility.Routing.Tests.Street;

public sealed class SnappingTests
{
    [Theory]
    [InlineData("portland")]
    [InlineData("cobb")]
    public void Random_points_never_snap_onto_an_island_and_snap_to_the_nearest_usable_edge(string name)
    {
        var network = name == "portland" ? FixtureNetworks.Portland : FixtureNetworks.Cobb;
        var random = new Random(5);
        foreach (var profile in StreetProfiles.All)
        {
            var graph = network.Graph(profile);
            for (var i = 0; i < 300; i++)
            {
                var node = network.NodeCoordinate(random.Next(network.NodeCount));
                var lat = node.Lat + ((random.NextDouble() - 0.5) * 0.01);
                var lon = node.Lon + ((random.NextDouble() - 0.5) * 0.01);
                var snap = network.Snap(lat, lon, profile, 5_000);
                Assert.NotNull(snap);

                // Some graph edge of the snapped geometry edge has both ends in the main network.
                var s = snap.Value;
                var inMain = false;
                for (var k = graph.GeoFirst[s.Edge]; k < graph.GeoFirst[s.Edge + 1]; k++)
                {
                    var e = graph.GeoEdges[k];
                    inMain |= graph.InMain[graph.Tail[e]] && graph.InMain[graph.Head[e]];
                }

                Assert.True(inMain, $"{profile} snap of ({lat}, {lon}) landed on an island edge {s.Edge}");

                // Nothing usable is closer: check against a brute-force scan of every usable edge's nodes.
                var closestNode = Enumerable.Range(0, network.Geometry.EdgeCount)
                    .Where(g => network.Usable(profile, g))
                    .SelectMany(g => (int[])[network.Geometry.EdgeFrom[g], network.Geometry.EdgeTo[g]])
                    .Min(n => FixtureRoutingTests.Haversine(network.NodeCoordinate(n), new GeoCoordinate(lat, lon)));
                Assert.True(s.DistanceMeters <= closestNode + 0.5, $"snapped {s.DistanceMeters} m but a usable node is {closestNode} m away");
            }
        }
    }
}

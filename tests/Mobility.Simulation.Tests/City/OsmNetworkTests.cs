using System.Globalization;
using OsmSharp;
using OsmSharp.Streams;

namespace Mobility.Simulation.Tests.City;

public sealed class OsmNetworkTests(GeneratedVillageFixture village) : IClassFixture<GeneratedVillageFixture>
{
    private readonly List<OsmGeo> _elements = ReadPbf(village.City.OsmPath);

    private static List<OsmGeo> ReadPbf(string path)
    {
        using var stream = File.OpenRead(path);
        return [.. new PBFOsmStreamSource(stream)];
    }

    private IEnumerable<OsmSharp.Node> Nodes => _elements.OfType<OsmSharp.Node>();

    private IEnumerable<Way> Ways => _elements.OfType<Way>();

    private IEnumerable<Relation> Relations => _elements.OfType<Relation>();

    [Fact]
    public void Pbf_reads_back_with_the_counts_the_generator_reported()
    {
        var stats = village.City.Stats;
        Assert.Equal(stats.OsmNodes, Nodes.LongCount());
        Assert.Equal(stats.OsmWays, Ways.LongCount());
        Assert.Equal(stats.OsmRelations, Relations.LongCount());
        Assert.True(stats.OsmRelations >= 2);
    }

    [Fact]
    public void Elements_come_sorted_nodes_then_ways_then_relations_with_unique_ids()
    {
        var order = _elements.Select(e => ((int)e.Type, e.Id!.Value)).ToList();
        Assert.Equal(order.Order().ToList(), order);
        Assert.Equal(order.Count, order.Distinct().Count());
    }

    [Fact]
    public void Every_way_and_relation_reference_exists()
    {
        var nodes = Nodes.Select(n => n.Id!.Value).ToHashSet();
        var ways = Ways.ToDictionary(w => w.Id!.Value);
        Assert.All(Ways, w =>
        {
            Assert.True(w.Nodes.Length >= 2, $"way {w.Id}");
            Assert.All(w.Nodes, n => Assert.Contains(n, nodes));
        });
        Assert.All(Relations, r => Assert.All(r.Members, m =>
        {
            if (m.Type == OsmGeoType.Node)
            {
                Assert.Contains(m.Id, nodes);
            }
            else
            {
                Assert.Equal(OsmGeoType.Way, m.Type);
                Assert.True(ways.ContainsKey(m.Id));
            }
        }));
        var referenced = Ways.SelectMany(w => w.Nodes).ToHashSet();
        Assert.All(nodes, n => Assert.Contains(n, referenced));
    }

    [Fact]
    public void Turn_restrictions_join_their_ways_at_the_via_node_and_use_both_kinds()
    {
        var ways = Ways.ToDictionary(w => w.Id!.Value);
        var kinds = new HashSet<string>();
        foreach (var r in Relations)
        {
            Assert.Equal("restriction", r.Tags["type"]);
            kinds.Add(r.Tags["restriction"]);
            var via = r.Members.Single(m => m.Role == "via").Id;
            var from = ways[r.Members.Single(m => m.Role == "from").Id];
            var to = ways[r.Members.Single(m => m.Role == "to").Id];
            Assert.True(from.Nodes[^1] == via || from.Nodes[0] == via);
            Assert.True(to.Nodes[0] == via || to.Nodes[^1] == via);
            Assert.NotEqual(from.Id, to.Id);
        }

        Assert.Contains("no_left_turn", kinds);
        Assert.Contains("only_straight_on", kinds);
    }

    [Fact]
    public void Network_has_a_hierarchy_one_ways_speeds_bridges_and_paths()
    {
        var highways = Ways.Where(w => w.Tags.ContainsKey("highway")).ToList();
        var kinds = highways.Select(w => w.Tags["highway"]).ToHashSet();
        Assert.Superset(new HashSet<string> { "primary", "secondary", "residential", "footway", "cycleway" }, kinds);
        Assert.Contains(highways, w => w.Tags.Contains("oneway", "yes"));
        Assert.Contains(highways, w => w.Tags.Contains("bridge", "yes"));
        Assert.All(highways.Where(w => w.Tags["highway"] is "primary" or "secondary" or "residential"),
            w => Assert.True(int.Parse(w.Tags["maxspeed"], CultureInfo.InvariantCulture) is >= 20 and <= 90));
        Assert.Contains(Ways, w => w.Tags.Contains("waterway", "river"));
    }

    [Fact]
    public void Street_graph_has_one_main_component_and_a_small_island()
    {
        var parent = new Dictionary<long, long>();
        long Find(long x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }

            return x;
        }

        foreach (var w in Ways.Where(w => w.Tags.ContainsKey("highway")))
        {
            foreach (var n in w.Nodes)
            {
                parent.TryAdd(n, n);
            }

            for (var i = 1; i < w.Nodes.Length; i++)
            {
                parent[Find(w.Nodes[i])] = Find(w.Nodes[0]);
            }
        }

        var sizes = parent.Keys.GroupBy(Find).Select(g => g.Count()).OrderDescending().ToList();
        Assert.True(sizes.Count >= 2, "expected an island component");
        Assert.True(sizes[0] > 0.95 * parent.Count, $"main component {sizes[0]} of {parent.Count}");
        Assert.InRange(sizes[^1], 2, 20);
    }

    [Fact]
    public void Every_stop_sits_on_a_street_node()
    {
        var coordinates = Nodes.Select(n => (Lat: (int)Math.Round(n.Latitude!.Value * 1e7), Lon: (int)Math.Round(n.Longitude!.Value * 1e7))).ToHashSet();
        var stops = village.ReadGtfs()["stops.txt"];
        Assert.All(stops, s =>
        {
            var lat = (int)Math.Round(double.Parse(s["stop_lat"], CultureInfo.InvariantCulture) * 1e7);
            var lon = (int)Math.Round(double.Parse(s["stop_lon"], CultureInfo.InvariantCulture) * 1e7);
            Assert.Contains((lat, lon), coordinates);
        });
    }

    [Fact]
    public void Xml_copy_of_a_small_city_holds_the_same_elements()
    {
        var xml = Path.Combine(village.City.Directory, "city.osm");
        using var stream = File.OpenRead(xml);
        var elements = new XmlOsmStreamSource(stream).ToList();
        Assert.Equal(_elements.Count, elements.Count);
        Assert.Equal(_elements.Select(e => (e.Type, e.Id)), elements.Select(e => (e.Type, e.Id)));
    }

    [Fact]
    public void Nodes_lie_near_the_chosen_centre()
    {
        var spec = village.City.Spec;
        Assert.All(Nodes, n =>
        {
            Assert.InRange(n.Latitude!.Value, spec.CentreLatitude - 0.1, spec.CentreLatitude + 0.1);
            Assert.InRange(n.Longitude!.Value, spec.CentreLongitude - 0.15, spec.CentreLongitude + 0.15);
        });
    }
}

using Mobility.Routing.Street;
using Mobility.Routing.Street.Osm;
using Mobility.Tests.Shared;
using OsmSharp.Streams;

namespace Mobility.Routing.Tests.Street;

public sealed class OsmReadingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mobility-osm-").FullName;

    /// <summary>A plus junction with a detour, a oneway, a footway, shape points and a no_right_turn relation.</summary>
    private const string HandMade = """
        <?xml version="1.0" encoding="UTF-8"?>
        <osm version="0.6" generator="hand">
          <node id="10" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0000000" lon="-122.0000000"/>
          <node id="11" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0000000" lon="-122.0010000"/>
          <node id="12" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0000000" lon="-121.9990000"/>
          <node id="13" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0010000" lon="-122.0000000"/>
          <node id="14" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="44.9990000" lon="-122.0000000"/>
          <node id="15" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0010000" lon="-121.9990000"/>
          <node id="16" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="45.0005000" lon="-121.9985000"/>
          <node id="17" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true" lat="44.9995000" lon="-122.0005000"/>
          <way id="1" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="11"/><nd ref="10"/><tag k="highway" v="residential"/></way>
          <way id="2" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="10"/><nd ref="12"/><tag k="highway" v="residential"/><tag k="maxspeed" v="25 mph"/></way>
          <way id="3" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="10"/><nd ref="13"/><tag k="highway" v="residential"/><tag k="oneway" v="yes"/></way>
          <way id="4" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="10"/><nd ref="14"/><tag k="highway" v="residential"/></way>
          <way id="5" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="13"/><nd ref="15"/><nd ref="16"/><nd ref="12"/><tag k="highway" v="tertiary"/></way>
          <way id="6" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="11"/><nd ref="17"/><nd ref="14"/><tag k="highway" v="footway"/></way>
          <way id="7" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true"><nd ref="13"/><nd ref="11"/><tag k="building" v="yes"/></way>
          <relation id="100" version="1" timestamp="2020-01-01T00:00:00Z" changeset="1" uid="1" user="hand" visible="true">
            <member type="way" ref="1" role="from"/><member type="node" ref="10" role="via"/><member type="way" ref="4" role="to"/>
            <tag k="type" v="restriction"/><tag k="restriction" v="no_right_turn"/>
          </relation>
        </osm>
        """;

    public void Dispose() => Directory.Delete(_folder, true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string ToPbf(string xmlPath)
    {
        var pbf = Path.ChangeExtension(xmlPath, ".osm.pbf");
        using (var input = File.OpenRead(xmlPath))
        using (var output = File.Create(pbf))
        {
            var target = new PBFOsmStreamTarget(output);
            target.RegisterSource(new XmlOsmStreamSource(input));
            target.Pull();
            target.Flush();
        }

        return pbf;
    }

    [Fact]
    public void Xml_and_pbf_of_the_same_data_give_the_same_network()
    {
        var xmlPath = Write("hand.osm", HandMade);
        var xml = StreetNetwork.Load(xmlPath);
        var pbf = StreetNetwork.Load(ToPbf(xmlPath));

        Assert.Equal(5, xml.NodeCount); // 10 to 14 are junctions or way ends; 15, 16, 17 are shape points
        Assert.Equal(xml.NodeCount, pbf.NodeCount);
        Assert.Equal(xml.Geometry.NodeOsmId, pbf.Geometry.NodeOsmId);
        // OsmSharp's PBF writer truncates to its 1e-7 degree granularity, so positions may differ by one unit.
        AssertWithin(xml.Geometry.NodeLat, pbf.Geometry.NodeLat, 1);
        AssertWithin(xml.Geometry.NodeLon, pbf.Geometry.NodeLon, 1);
        AssertWithin(xml.Geometry.ShapeLat, pbf.Geometry.ShapeLat, 1);
        Assert.Equal(xml.Geometry.EdgeFrom, pbf.Geometry.EdgeFrom);
        Assert.Equal(xml.Geometry.EdgeTo, pbf.Geometry.EdgeTo);
        foreach (var profile in StreetProfiles.All)
        {
            Assert.Equal(xml.Graph(profile).Head, pbf.Graph(profile).Head);
            Assert.Equal(xml.Graph(profile).Tail, pbf.Graph(profile).Tail);
            AssertWithin(xml.Graph(profile).Weight, pbf.Graph(profile).Weight, 20); // 1e-7 degree is up to 1 cm: a few ms
        }

        Assert.Equal(1, xml.Report.TurnRestrictionsApplied);
        Assert.Equal(1, pbf.Report.TurnRestrictionsApplied);
    }

    private static void AssertWithin(int[] expected, int[] actual, int tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance, $"index {i}: expected {string.Join(",", expected)}, actual {string.Join(",", actual)}");
        }
    }

    [Fact]
    public void Hand_made_file_applies_oneway_maxspeed_and_the_restriction()
    {
        var network = StreetNetwork.Load(Write("hand.osm", HandMade));
        var car = network.Graph(StreetProfile.Car);
        var walk = network.Graph(StreetProfile.Walk);

        // Car: ways 1, 2, 4, 5 both ways, 3 one way = 9 edges before splitting node 10 (3 in-edges -> 3 copies).
        Assert.True(car.NodeCount == network.NodeCount + 3, $"car nodes {car.NodeCount}");
        Assert.Equal(12, walk.EdgeCount); // 6 highways both ways

        var a = network.Snap(45.0, -122.0005, StreetProfile.Car)!.Value;
        var b = network.Snap(44.9995, -122.0, StreetProfile.Car)!.Value;
        var path = network.Route(a, b)!;
        Assert.True(path.DistanceMeters > 200, $"right turn should be forbidden, got {path.DistanceMeters} m");
    }

    /// <summary>
    /// Issue 11 (car realism): a tagged maxspeed is a limit, not an average (cars drive it times 0.8, as OSRM's car
    /// profile does), untagged classes take average speeds, and a traffic signal costs a car 2 s each time it is
    /// passed, whichever way, and nothing to a pedestrian. A straight primary street 0-1-2 (about 157 m a half),
    /// maxspeed 50 on the first half, none on the second, a signal at node 1 in the middle of the way.
    /// </summary>
    [Fact]
    public void Car_speeds_are_averages_and_traffic_signals_cost_time()
    {
        const string signals = """
            <?xml version="1.0" encoding="UTF-8"?>
            <osm version="0.6" generator="hand">
              <node id="1" version="1" lat="45.0" lon="-122.0"/>
              <node id="2" version="1" lat="45.0" lon="-121.998"><tag k="highway" v="traffic_signals"/></node>
              <node id="3" version="1" lat="45.0" lon="-121.996"/>
              <way id="1" version="1"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/><tag k="maxspeed" v="50"/></way>
              <way id="2" version="1"><nd ref="2"/><nd ref="3"/><tag k="highway" v="primary"/></way>
            </osm>
            """;
        var network = StreetNetwork.Load(Write("signals.osm", signals));
        Assert.Equal(1, network.Report.TrafficSignals);
        var half = Mobility.Routing.Gtfs.Geo.HaversineMeters(45.0, -122.0, 45.0, -121.998);
        var expected = (half / (50 * 0.8 / 3.6)) + (half / (65 / 3.6)) + 2;
        foreach (var (from, to) in new[] { (-122.0, -121.996), (-121.996, -122.0) })
        {
            var car = network.Route(network.Snap(45.0, from, StreetProfile.Car)!.Value, network.Snap(45.0, to, StreetProfile.Car)!.Value)!;
            Assert.Equal(expected, car.Duration.TotalSeconds, 0.05);
            var walk = network.Route(network.Snap(45.0, from, StreetProfile.Walk)!.Value, network.Snap(45.0, to, StreetProfile.Walk)!.Value)!;
            Assert.Equal(2 * half / 1.33, walk.Duration.TotalSeconds, 0.05);
        }

        // Starting on the signal costs nothing: the delay falls on entering it.
        var fromSignal = network.Route(network.Snap(45.0, -121.998, StreetProfile.Car)!.Value, network.Snap(45.0, -121.996, StreetProfile.Car)!.Value)!;
        Assert.Equal(half / (65 / 3.6), fromSignal.Duration.TotalSeconds, 0.05);
    }

    [Fact]
    public void Malformed_xml_is_rejected_with_file_and_element()
    {
        var badLat = Write("bad-lat.osm", HandMade.Replace("lat=\"45.0010000\" lon=\"-122.0000000\"", "lat=\"95.0\" lon=\"-122.0\"", StringComparison.Ordinal));
        var error = Assert.Throws<OsmFormatException>(() => StreetNetwork.Load(badLat));
        Assert.Contains("bad-lat.osm", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 13", error.Message, StringComparison.Ordinal);

        var broken = Write("broken.osm", HandMade[..(HandMade.Length / 2)]);
        error = Assert.Throws<OsmFormatException>(() => StreetNetwork.Load(broken));
        Assert.Contains("broken.osm", error.Message, StringComparison.Ordinal);

        var empty = Write("empty.osm", "<?xml version=\"1.0\"?><osm version=\"0.6\"></osm>");
        error = Assert.Throws<OsmFormatException>(() => StreetNetwork.Load(empty));
        Assert.Contains("no routable highway", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_pbf_is_rejected_with_its_name()
    {
        var bytes = File.ReadAllBytes(SharedData.Path("cobb-county", "cobb-county.osm.pbf"));
        var path = Path.Combine(_folder, "truncated.osm.pbf");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        var error = Assert.Throws<OsmFormatException>(() => StreetNetwork.Load(path));
        Assert.Contains("truncated.osm.pbf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Maxspeed_values_parse()
    {
        Assert.Equal(50, OsmWayRules.ParseMaxSpeedKmh("50"));
        Assert.Equal(40.23, OsmWayRules.ParseMaxSpeedKmh("25 mph")!.Value, 0.01);
        Assert.Equal(30, OsmWayRules.ParseMaxSpeedKmh("DE:zone30"));
        Assert.Equal(50, OsmWayRules.ParseMaxSpeedKmh("FR:urban"));
        Assert.Null(OsmWayRules.ParseMaxSpeedKmh("none"));
        Assert.Null(OsmWayRules.ParseMaxSpeedKmh("-5"));
    }
}

using Mobility.Tests.Shared;

namespace Mobility.Node.Tests.Cli;

public sealed class RouteCommandsTests
{
    [Fact]
    public async Task Route_batch_writes_one_row_per_query_with_the_itinerary_or_the_error()
    {
        var gtfs = SharedData.Path("portland", "trimet-2routes.gtfs.zip");
        var osm = SharedData.Path("portland", "portland-central.osm.pbf");
        var dir = Path.Combine(Path.GetTempPath(), "mobility-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var queries = Path.Combine(dir, "q.csv");
            var results = Path.Combine(dir, "r.csv");
            await File.WriteAllTextAsync(queries,
                "id,from_lat,from_lon,to_lat,to_lon,depart,arrive_by\n" +
                "ok,45.5190,-122.6795,45.5300,-122.6622,2021-11-02T08:00:00,\n" +
                "by,45.5190,-122.6795,45.5300,-122.6622,2021-11-02T09:00:00,1\n" +
                "bad,95.0,-122.6795,45.5300,-122.6622,2021-11-02T08:00:00,\n" +
                "far,10.0,10.0,45.5300,-122.6622,2021-11-02T08:00:00,\n",
                TestContext.Current.CancellationToken);

            Assert.Equal(0, await Program.Main(["route", "batch", "--gtfs", gtfs, "--osm", osm, "--queries", queries, "--out", results]));

            var lines = await File.ReadAllLinesAsync(results, TestContext.Current.CancellationToken);
            Assert.Equal("id,departure,arrival,transfers,walk_m,legs,error", lines[0]);
            Assert.Equal(5, lines.Length);
            var ok = lines[1].Split(',');
            Assert.Equal("ok", ok[0]);
            Assert.StartsWith("2021-11-02T08:", ok[1], StringComparison.Ordinal);
            Assert.Contains("MAX Green Line", lines[1], StringComparison.Ordinal);
            Assert.EndsWith(",", lines[1], StringComparison.Ordinal);
            var by = lines[2].Split(',');
            Assert.True(string.CompareOrdinal(by[2], "2021-11-02T09:00:00") <= 0, lines[2]);
            Assert.StartsWith("bad,,,,,,", lines[3], StringComparison.Ordinal);
            Assert.Contains("line 4", lines[3], StringComparison.Ordinal);
            Assert.StartsWith("far,,,,,,", lines[4], StringComparison.Ordinal);
            Assert.Contains("no stop within a 15-minute walk of the origin; the nearest stop, ", lines[4], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Route_one_json_gives_each_itinerary_its_price_from_the_feeds_fares()
    {
        var gtfs = SharedData.Path("portland", "trimet-2routes.gtfs.zip");
        var osm = SharedData.Path("portland", "portland-central.osm.pbf");
        var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, await Program.Main(["route", "one", "--gtfs", gtfs, "--osm", osm, "--from", "45.5190,-122.6795", "--to", "45.5300,-122.6622", "--depart", "2021-11-02T08:00:00", "--json"]));
        }
        finally
        {
            Console.SetOut(original);
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(output.ToString())!;
        var withMax = root["itineraries"]!.AsArray().First(i => i!["legs"]!.AsArray().Any(l => (string?)l!["route"] == "MAX Green Line"))!;
        Assert.Equal(250, (long)withMax["price"]!["amount"]!);
        Assert.Equal("USD", (string?)withMax["price"]!["currency"]);
        var ride = withMax["legs"]!.AsArray().Single(l => (string?)l!["mode"] == "TRANSIT")!;
        Assert.NotEmpty(ride["fare_products"]!.AsArray());
    }

    [Fact]
    public async Task Route_one_refuses_missing_options() =>
        Assert.NotEqual(0, await Program.Main(["route", "one", "--gtfs", "x.zip", "--from", "1,2", "--to", "3,4", "--depart", "2021-11-02T08:00:00"]));
}

using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mobility.Node.City;
using Mobility.Node.Health;
using Mobility.Node.Tests.Support;
using Mobility.Tests.Shared;

namespace Mobility.Node.Tests.City;

public sealed class FeedInventoryTests
{
    [Fact]
    public void Gtfs_records_are_counted_across_quoted_line_breaks_crlf_and_blank_lines()
    {
        var summary = GtfsInventory.Read(TinyFeeds.GtfsZip());
        Assert.Equal(new GtfsInventory.Summary(1, 3, 1, 2, 6), summary);
    }

    [Fact]
    public void Gtfs_counts_match_the_shared_trimet_extract()
    {
        var summary = GtfsInventory.Read(SharedData.Path("portland", "trimet-2routes.gtfs.zip"));
        Assert.Equal((2, 103, 2341, 43813L), (summary.Routes, summary.Stops, summary.Trips, summary.StopTimes));
    }

    [Theory]
    [InlineData("calendar.txt", "missing calendar.txt or calendar_dates.txt")]
    [InlineData("stops.txt", "missing stops.txt")]
    public void A_gtfs_zip_without_a_required_file_is_refused(string removed, string message)
    {
        using var folder = new TempFolder();
        var files = TinyFeeds.GtfsFiles.Where(f => f.Key != removed).ToDictionary();
        var e = Assert.Throws<InvalidDataException>(() => GtfsInventory.Read(TinyFeeds.WriteGtfsZip(files, folder.File("f.zip"))));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unclosed_quote_names_the_file()
    {
        using var folder = new TempFolder();
        var files = TinyFeeds.GtfsFiles.ToDictionary();
        files["stops.txt"] = "stop_id,stop_name\nS1,\"Gare\n";
        var e = Assert.Throws<InvalidDataException>(() => GtfsInventory.Read(TinyFeeds.WriteGtfsZip(files, folder.File("f.zip"))));
        Assert.Contains("stops.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("f.zip"), "agency_id\nA\n");
        Assert.Contains("not a zip", Assert.Throws<InvalidDataException>(() => GtfsInventory.Read(folder.File("f.zip"))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("spec-v3.0", "3.0", 2, 4)]
    [InlineData("spec-v2.3", "2.3", 2, 2)]
    [InlineData("lillestrom-bysykkel-v2.2", "2.2", 6, 0)]
    public void Gbfs_folders_of_each_version_are_counted(string folder, string version, int stations, int vehicles) =>
        Assert.Equal(new GbfsInventory.Summary(version, stations, vehicles), GbfsInventory.Read(SharedData.Path("gbfs", folder)));

    [Fact]
    public void A_malformed_gbfs_file_is_named_with_its_line()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("gbfs.json"), """{"version":"2.3","data":{}}""");
        File.WriteAllText(folder.File("station_information.json"), "{\n\"data\": {\"stations\": [,]}}");
        var e = Assert.Throws<InvalidDataException>(() => GbfsInventory.Read(folder.Path));
        Assert.StartsWith("station_information.json: line 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_city_readiness_check_is_healthy_only_once_loaded()
    {
        var catalog = new CityCatalog();
        var check = new CityReadyCheck(catalog);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        catalog.Set(new CityStatus.Failed("Mobility:City:Osm", "bad"));
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
        catalog.Set(new CityStatus.Loaded("x", ["GTFS"], TimeSpan.Zero));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);
    }
}

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Mobility.CarpoolProof.Rules;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;
using Mobility.Routing.Street;

namespace Mobility.Node.Tests.Snapshots;

public sealed class RoutingSnapshotTests(VillageNode village) : IClassFixture<VillageNode>
{
    private RoutingSnapshot Build() =>
        RoutingSnapshotBuilder.Build([Path.Combine(village.CityFolder, "gtfs.zip")], Path.Combine(village.CityFolder, "city.osm.pbf"));

    [Fact]
    public async Task Readiness_is_false_until_the_snapshot_is_published()
    {
        var source = new RoutingSnapshotSource();
        var check = new RoutingReadyCheck(source);
        Assert.Null(source.Current);
        Assert.Equal(0, source.Version);
        Assert.Equal(HealthStatus.Unhealthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);

        var snapshot = Build();
        Assert.Null(source.Swap(snapshot));
        Assert.Same(snapshot, source.Current);
        Assert.Equal(1, source.Version);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken)).Status);

        var next = Build();
        Assert.Same(snapshot, source.Swap(next));
        Assert.Same(next, source.Current);
        Assert.Equal(2, source.Version);
    }

    [Fact]
    public void The_start_up_lines_come_from_the_one_read_of_the_feeds_and_agree_with_a_plain_record_count()
    {
        var gtfs = Path.Combine(village.CityFolder, "gtfs.zip");
        var snapshot = Build();
        Assert.Equal(3, snapshot.Inputs.Count);
        Assert.Equal($"GTFS gtfs.zip: {Mobility.Node.City.GtfsInventory.Read(gtfs)}", snapshot.Inputs[0]);
        Assert.StartsWith("fares gtfs: GTFS-Fares v2", snapshot.Inputs[1], StringComparison.Ordinal); // the generated city publishes v2 fares
        Assert.StartsWith($"city.osm.pbf: {snapshot.Streets.NodeCount:N0} street nodes", snapshot.Inputs[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_feed_stops_the_load_naming_its_setting()
    {
        using var folder = new TempFolder();
        var garbage = folder.File("garbage.bin");
        await File.WriteAllTextAsync(garbage, "neither a zip nor OSM, long enough to be read as one", TestContext.Current.CancellationToken);
        var osm = Path.Combine(village.CityFolder, "city.osm.pbf");
        foreach (var (gtfs, street, setting) in new[] { (garbage, osm, "Mobility:City:Gtfs:0"), (TinyFeeds.GtfsZip(), garbage, "Mobility:City:Osm") })
        {
            var source = new RoutingSnapshotSource();
            var realtime = new RealtimeTimetables(source);
            var loader = new RoutingSnapshotLoader(source, realtime, new OperatorTimetables(realtime, folder.Path));
            var e = await Assert.ThrowsAsync<Mobility.Node.Configuration.StartupException>(() => loader.LoadAsync([gtfs], street, TestContext.Current.CancellationToken));
            Assert.Equal(setting, e.Setting);
            Assert.Contains(garbage, e.Message, StringComparison.Ordinal);
            Assert.Null(source.Current);
            Assert.True(source.Unavailable);
        }
    }

    [Fact]
    public async Task A_node_without_street_network_is_ready_and_plan_answers_503()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path));
        var ready = await node.WaitReadyAsync();
        Assert.Contains("\"routing\":{\"status\":\"Healthy\",\"description\":\"no street network configured", ready, StringComparison.Ordinal);
        using var plan = await node.GetAsync("/plan?from=45,5&to=45.01,5.01");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, plan.StatusCode);
        Assert.Equal("application/problem+json", plan.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(Mobility.Node.Hosting.RetryAfter.Seconds), plan.Headers.RetryAfter?.Delta); // issue 13: a 503 says when to retry
    }

    [Fact]
    public void Route_estimator_answers_with_the_car_contraction_hierarchy_and_agrees_with_dijkstra()
    {
        var source = new RoutingSnapshotSource();
        IRouteEstimator estimator = new StreetRouteEstimator(source);
        Assert.Null(estimator.Estimate(45, 5, 45.01, 5.01, DateTimeOffset.UnixEpoch)); // No snapshot yet: rule not evaluated.

        var snapshot = Build();
        source.Swap(snapshot);
        Assert.True(snapshot.Streets.HasContraction(StreetProfile.Car));
        var b = snapshot.Bounds;
        var random = new Random(3);
        var compared = 0;
        for (var i = 0; i < 25; i++)
        {
            var (fLat, fLon) = (b.MinLat + (random.NextDouble() * (b.MaxLat - b.MinLat)), b.MinLon + (random.NextDouble() * (b.MaxLon - b.MinLon)));
            var (tLat, tLon) = (b.MinLat + (random.NextDouble() * (b.MaxLat - b.MinLat)), b.MinLon + (random.NextDouble() * (b.MaxLon - b.MinLon)));
            var estimate = estimator.Estimate(fLat, fLon, tLat, tLon, DateTimeOffset.UnixEpoch);
            var from = snapshot.Streets.Snap(fLat, fLon, StreetProfile.Car, StreetRouteEstimator.MaxSnapMeters);
            var to = snapshot.Streets.Snap(tLat, tLon, StreetProfile.Car, StreetRouteEstimator.MaxSnapMeters);
            var plain = from is null || to is null ? null : snapshot.Streets.Route(from.Value, to.Value, StreetAlgorithm.Dijkstra);
            Assert.Equal(plain is null, estimate is null);
            if (estimate is { } e && plain is not null)
            {
                compared++;
                Assert.Equal(plain.Duration.TotalSeconds, e.DurationSeconds, 3);
                var crow = Geo(from!.Value.Point, to!.Value.Point);
                Assert.True(e.DistanceMeters >= crow - 1, $"{e.DistanceMeters} m routed < {crow} m straight");
            }
        }

        Assert.True(compared > 10);
        Assert.Null(estimator.Estimate(0, 0, 0.01, 0.01, DateTimeOffset.UnixEpoch)); // Far from any road.
    }

    private static double Geo(GeoCoordinate a, GeoCoordinate b)
    {
        const double R = 6_371_008.8;
        var dLat = (b.Lat - a.Lat) * Math.PI / 180;
        var dLon = (b.Lon - a.Lon) * Math.PI / 180;
        var h = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(a.Lat * Math.PI / 180) * Math.Cos(b.Lat * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * R * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

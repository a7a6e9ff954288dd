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
    public async Task A_node_without_street_network_is_ready_and_plan_answers_503()
    {
        using var data = new TempFolder();
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path));
        var ready = await node.WaitReadyAsync();
        Assert.Contains("\"routing\":{\"status\":\"Healthy\",\"description\":\"no street network configured", ready, StringComparison.Ordinal);
        using var plan = await node.GetAsync("/plan?from=45,5&to=45.01,5.01");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, plan.StatusCode);
        Assert.Equal("application/problem+json", plan.Content.Headers.ContentType?.MediaType);
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

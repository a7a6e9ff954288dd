using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.City;

namespace Mobility.Routing.Tests.SharedMobility;

/// <summary>The demo city's GBFS feed reads like any other, and its rules and prices hold.</summary>
public sealed class DemoCityGbfsTests : IDisposable
{
    private readonly GeneratedCity _city = CityGenerator.Generate(
        CitySpec.Preset("village", 3), Path.Combine(Path.GetTempPath(), "mobility-gbfs-tests", Guid.NewGuid().ToString("N")));

    public void Dispose() => Directory.Delete(_city.Directory, recursive: true);

    private async Task<GbfsSnapshot> Load()
    {
        var time = new FixedTime(_city.Spec.GbfsLastUpdated.AddSeconds(20));
        var result = await GbfsReader.ReadFolderAsync(_city.GbfsDirectory, time, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Snapshot!;
    }

    [Fact]
    public async Task Demo_feed_loads_with_the_generated_counts()
    {
        var s = await Load();
        Assert.Equal(_city.Stats.Stations, s.Stations.Length);
        Assert.Equal(_city.Stats.FreeVehicles, s.Vehicles.Length);
        Assert.Equal(_city.Stats.DockedVehicles, s.Stations.Sum(st => st.Status!.VehiclesAvailable + st.Status.VehiclesDisabled));
        Assert.Equal(3, s.Geofencing.Zones.Length);
        Assert.All(s.Vehicles, v => Assert.NotNull(s.PlanFor(v)));
    }

    [Fact]
    public async Task Park_forbids_scooters_and_lets_bikes_only_ride_through()
    {
        var s = await Load();
        var park = s.Geofencing.Zones.Single(z => z.Name.Get() == "Parc des Saules");
        var ring = park.Area.Polygons[0][0];
        var lat = ring.Take(4).Average(p => p.Lat);
        var lon = ring.Take(4).Average(p => p.Lon);
        var at = _city.Spec.GbfsLastUpdated;
        Assert.False(s.Geofencing.CanRideThrough(lat, lon, new VehicleTypeId("scooter"), at));
        Assert.True(s.Geofencing.CanRideThrough(lat, lon, new VehicleTypeId("ebike"), at));
        Assert.False(s.Geofencing.CanEndRide(lat, lon, new VehicleTypeId("ebike"), at));
        Assert.True(s.Geofencing.CanEndRide(lat + 1, lon, new VehicleTypeId("ebike"), at));
    }

    [Fact]
    public async Task Demo_plans_price_rides_as_described()
    {
        var s = await Load();
        Assert.Equal(1.75m, s.PricingPlans[new PricingPlanId("bike-plan")].Cost(TimeSpan.FromMinutes(45), 9_000));
        Assert.Equal(1.00m, s.PricingPlans[new PricingPlanId("bike-plan")].Cost(TimeSpan.FromMinutes(30), 9_000));
        // 1 unlock + 20 x 0.22 + 5 x 0.18 + 1 started km beyond 5 km x 0.10.
        Assert.Equal(6.40m, s.PricingPlans[new PricingPlanId("scooter-plan")].Cost(TimeSpan.FromMinutes(25), 6_000));
    }
}

public sealed class DemoCityLiveGbfsTests
{
    [Fact]
    public async Task Live_copy_of_the_demo_feed_passes_the_default_freshness_check_now()
    {
        var dir = Path.Combine(Path.GetTempPath(), "mobility-gbfs-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var now = new DateTimeOffset(2026, 11, 25, 18, 0, 0, TimeSpan.Zero);
            var stats = CityGenerator.WriteLiveGbfs(CitySpec.Preset("village", 3), dir, now);
            var fresh = await GbfsReader.ReadFolderAsync(dir, new FixedTime(now.AddSeconds(30)), cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(fresh.Succeeded, string.Join("\n", fresh.Errors));
            Assert.Equal(stats.Stations, fresh.Snapshot!.Stations.Length);
            var later = await GbfsReader.ReadFolderAsync(dir, new FixedTime(now.AddHours(1)), cancellationToken: TestContext.Current.CancellationToken);
            Assert.False(later.Succeeded);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

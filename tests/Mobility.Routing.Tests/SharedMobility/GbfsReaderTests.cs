using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Routing.Tests.SharedMobility;

public sealed class GbfsReaderTests
{
    [Fact]
    public async Task Spec_v2_3_reads_bikes_as_vehicles_and_posix_timestamps()
    {
        var s = await GbfsFixtures.Load("spec-v2.3");
        Assert.Equal(new GbfsVersion(2, 3), s.Version);
        Assert.Equal("Example Bike Rental", s.System.Name.Get("en"));
        var station1 = s.Stations.Single(x => x.Id.Value == "station1");
        Assert.Equal(1, station1.Status!.VehiclesAvailable);
        Assert.Equal(2, station1.Status.VehiclesDisabled);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1609866125), station1.Status.LastReported);
        Assert.Equal(1, station1.AvailableFor(new VehicleTypeId("abc123")));
        Assert.Equal(3, station1.DocksFor(new VehicleTypeId("def456")));
        Assert.Equal(2, station1.DocksFor(new VehicleTypeId("abc123")));
        Assert.Equal(2, s.Vehicles.Length);
        var free = Assert.Single(s.Vehicles, v => v.IsFreeFloating);
        Assert.Equal("973a5c94-c288-4a2b-afa6-de8aeb6ae2e5", free.Id);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1640887163), s.Feeds["station_status"].LastUpdated);
    }

    [Fact]
    public async Task Spec_v3_0_reads_localized_strings_rfc3339_timestamps_and_global_rules()
    {
        var s = await GbfsFixtures.Load("spec-v3.0");
        Assert.Equal(new GbfsVersion(3, 0), s.Version);
        Assert.Equal(["en"], s.System.Languages);
        Assert.Equal("Parking garage A", s.Stations.Single(x => x.Id.Value == "station1").Name.Get("en"));
        Assert.Equal(new DateTimeOffset(2024, 3, 21, 9, 25, 53, 343, TimeSpan.Zero), s.Feeds["station_status"].LastUpdated);
        Assert.Equal(4, s.Vehicles.Length);
        Assert.Equal(2, s.Vehicles.Count(v => v.IsFreeFloating));
        Assert.Equal(0.7, s.Vehicles.Single(v => v.Id.StartsWith("d4521def", StringComparison.Ordinal)).CurrentFuelPercent);
        var global = Assert.Single(s.Geofencing.GlobalRules);
        Assert.False(global.RideStartAllowed);
        Assert.True(global.RideThroughAllowed);
        Assert.Equal(7, s.Stations.Single(x => x.Id.Value == "station1").DockCapacityByType[new VehicleTypeId("abc123")]);
    }

    [Fact]
    public async Task Station_status_normalizes_to_the_same_values_in_v2_3_and_v3_0()
    {
        var v2 = await GbfsFixtures.Load("spec-v2.3");
        var v3 = await GbfsFixtures.Load("spec-v3.0");
        foreach (var id in new[] { "station1", "station2" })
        {
            var a = v2.Stations.Single(s => s.Id.Value == id).Status!;
            var b = v3.Stations.Single(s => s.Id.Value == id).Status!;
            Assert.Equal((a.VehiclesAvailable, a.VehiclesDisabled, a.DocksAvailable, a.DocksDisabled), (b.VehiclesAvailable, b.VehiclesDisabled, b.DocksAvailable, b.DocksDisabled));
            Assert.Equal(a.VehiclesByType.OrderBy(p => p.Key.Value), b.VehiclesByType.OrderBy(p => p.Key.Value));
        }
    }

    [Fact]
    public async Task Real_docked_system_v2_2_loads_with_its_language()
    {
        var s = await GbfsFixtures.Load("lillestrom-bysykkel-v2.2");
        Assert.Equal("nb", s.System.Languages[0]);
        Assert.Equal(6, s.Stations.Length);
        Assert.All(s.Stations, st => Assert.NotNull(st.Status));
        Assert.Equal("TORVGATA", s.Stations.Single(st => st.Id.Value == "YLS:VehicleSharingParkingArea:3").Name.Get("nb"));
        Assert.Equal(FormFactor.Bicycle, Assert.Single(s.VehicleTypes).Value.FormFactor);
        Assert.Equal(2, s.PricingPlans.Count);
    }

    [Fact]
    public async Task Real_free_floating_car_share_v3_0_loads_vehicles_and_plans()
    {
        var s = await GbfsFixtures.Load("getaround-stavanger-v3.0");
        Assert.Equal(40, s.Vehicles.Length);
        Assert.All(s.Vehicles, v => Assert.True(v.IsFreeFloating));
        Assert.All(s.VehicleTypes.Values, t => Assert.Equal(FormFactor.Car, t.FormFactor));
        var car = s.Vehicles.Single(v => v.Id == "YGA:Vehicle:1322175");
        var plan = s.PlanFor(car)!;
        Assert.Equal("NOK", plan.Currency);
        Assert.Equal(126.0m, plan.Cost(TimeSpan.FromHours(1), 20_000));
        Assert.Equal("Gjennomsnittspris per time", plan.Name.Get("nb"));
        Assert.Equal("Gjennomsnittspris per time", plan.Name.Get("nb-NO"));
    }

    [Fact]
    public void Manifest_lists_datasets_and_picks_the_newest_supported_version()
    {
        var manifest = GbfsManifest.Parse(File.ReadAllText(Path.Combine(GbfsFixtures.Folder("spec-v3.0"), "manifest.json")));
        Assert.Equal(["example_berlin", "example_paris"], manifest.Datasets.Select(d => d.SystemId));
        Assert.Equal(new Uri("https://berlin.example.com/gbfs/3/gbfs"), manifest.Datasets[0].BestSupported());
    }

    [Fact]
    public async Task Preferred_language_of_a_v2_discovery_is_honoured()
    {
        var dir = GbfsFixtures.Copy("spec-v2.3");
        try
        {
            var result = await GbfsReader.ReadFolderAsync(dir, new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit with { PreferredLanguage = "fr" }, TestContext.Current.CancellationToken);
            Assert.True(result.Succeeded);
            // A 2.x discovery keys feeds by language; plain strings of the chosen feeds are in that language.
            Assert.All(result.Snapshot!.Stations, st => Assert.Equal("fr", st.Name.Translations[0].Language));
            var byDefault = await GbfsReader.ReadFolderAsync(dir, new FixedTime(DateTimeOffset.UtcNow), GbfsFixtures.NoAgeLimit, TestContext.Current.CancellationToken);
            Assert.All(byDefault.Snapshot!.Stations, st => Assert.Equal("en", st.Name.Translations[0].Language));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Text.Json;

namespace Mobility.Simulation.Tests.City;

public sealed class GbfsFeedTests(GeneratedVillageFixture village) : IClassFixture<GeneratedVillageFixture>
{
    private JsonElement Feed(string name)
    {
        var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(village.City.GbfsDirectory, name + ".json")));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("last_updated").GetInt64() > 1_600_000_000);
        Assert.True(root.GetProperty("ttl").GetInt32() >= 0);
        Assert.Equal("2.3", root.GetProperty("version").GetString());
        return root.GetProperty("data");
    }

    [Fact]
    public void Discovery_lists_every_feed_and_every_listed_file_exists()
    {
        var feeds = Feed("gbfs").GetProperty("fr").GetProperty("feeds").EnumerateArray().ToList();
        Assert.Equal(7, feeds.Count);
        Assert.All(feeds, f =>
        {
            var name = f.GetProperty("name").GetString()!;
            Assert.EndsWith(name + ".json", f.GetProperty("url").GetString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(village.City.GbfsDirectory, name + ".json")), name);
            _ = Feed(name);
        });
    }

    [Fact]
    public void System_information_has_the_required_fields()
    {
        var data = Feed("system_information");
        foreach (var field in new[] { "system_id", "language", "name", "timezone", "feed_contact_email" })
        {
            Assert.False(string.IsNullOrEmpty(data.GetProperty(field).GetString()), field);
        }

        Assert.Equal("Europe/Paris", data.GetProperty("timezone").GetString());
    }

    [Fact]
    public void Station_status_matches_station_information_and_fits_capacity()
    {
        var info = Feed("station_information").GetProperty("stations").EnumerateArray()
            .ToDictionary(s => s.GetProperty("station_id").GetString()!, s => s.GetProperty("capacity").GetInt32());
        var status = Feed("station_status").GetProperty("stations").EnumerateArray().ToList();
        Assert.NotEmpty(status);
        Assert.Equal(info.Keys.Order(), status.Select(s => s.GetProperty("station_id").GetString()!).Order());
        Assert.All(status, s =>
        {
            var used = s.GetProperty("num_bikes_available").GetInt32() + s.GetProperty("num_bikes_disabled").GetInt32()
                + s.GetProperty("num_docks_available").GetInt32() + s.GetProperty("num_docks_disabled").GetInt32();
            Assert.True(used <= info[s.GetProperty("station_id").GetString()!]);
            var byType = s.GetProperty("vehicle_types_available").EnumerateArray().Sum(t => t.GetProperty("count").GetInt32());
            Assert.Equal(s.GetProperty("num_bikes_available").GetInt32(), byType);
        });
        Assert.Equal(village.City.Stats.Stations, status.Count);
    }

    [Fact]
    public void Free_vehicles_have_known_types_and_positions_in_the_city()
    {
        var types = Feed("vehicle_types").GetProperty("vehicle_types").EnumerateArray().Select(t => t.GetProperty("vehicle_type_id").GetString()).ToHashSet();
        var plans = Feed("system_pricing_plans").GetProperty("plans").EnumerateArray().Select(p => p.GetProperty("plan_id").GetString()).ToHashSet();
        var bikes = Feed("free_bike_status").GetProperty("bikes").EnumerateArray().ToList();
        Assert.Equal(village.City.Stats.FreeVehicles, bikes.Count);
        var spec = village.City.Spec;
        Assert.All(bikes, b =>
        {
            Assert.Contains(b.GetProperty("vehicle_type_id").GetString(), types);
            Assert.Contains(b.GetProperty("pricing_plan_id").GetString(), plans);
            Assert.InRange(b.GetProperty("lat").GetDouble(), spec.CentreLatitude - 0.1, spec.CentreLatitude + 0.1);
            Assert.InRange(b.GetProperty("lon").GetDouble(), spec.CentreLongitude - 0.15, spec.CentreLongitude + 0.15);
            Assert.True(b.GetProperty("current_range_meters").GetInt32() > 0);
        });
        Assert.Equal(bikes.Count, bikes.Select(b => b.GetProperty("bike_id").GetString()).Distinct().Count());
    }

    [Fact]
    public void Geofencing_zones_are_closed_rings_with_rules()
    {
        var features = Feed("geofencing_zones").GetProperty("geofencing_zones").GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(3, features.Count);
        Assert.All(features, f =>
        {
            Assert.Equal("MultiPolygon", f.GetProperty("geometry").GetProperty("type").GetString());
            var ring = f.GetProperty("geometry").GetProperty("coordinates")[0][0].EnumerateArray().ToList();
            Assert.True(ring.Count >= 4);
            Assert.Equal(ring[0].ToString(), ring[^1].ToString());
            Assert.NotEmpty(f.GetProperty("properties").GetProperty("rules").EnumerateArray());
        });
    }
}

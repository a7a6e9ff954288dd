using System.Text.Json;

namespace Mobility.Node.Tests.Support;

/// <summary>One node on the demo village, shared by the tests of a class (generating and routing it takes a few seconds).</summary>
public sealed class VillageNode : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode? _node;

    internal RunningNode Node => _node ?? throw new InvalidOperationException("not started");

    public string DataFolder => _data.Path;

    /// <summary>The city folder the node generated (gtfs.zip, city.osm.pbf).</summary>
    public string CityFolder => Directory.GetDirectories(Path.Combine(_data.Path, "city")).Single();

    /// <summary>A Tuesday 08:00 inside the service period and close to now (the planner bounds dates around now).</summary>
    public string Tuesday8 { get; private set; } = string.Empty;

    public (double MinLat, double MinLon, double MaxLat, double MaxLon) Area { get; private set; }

    /// <summary>A uniformly random point of the area, as <c>/plan</c> takes it ("lat,lon", 6 decimals).</summary>
    public string RandomPoint(Random random) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Area.MinLat + (random.NextDouble() * (Area.MaxLat - Area.MinLat)):0.######},{Area.MinLon + (random.NextDouble() * (Area.MaxLon - Area.MinLon)):0.######}");

    public async ValueTask InitializeAsync()
    {
        var settings = RunningNode.Settings(_data.Path, new Dictionary<string, string?> { ["Mobility:City:DemoSize"] = "village", ["Mobility:City:DemoSeed"] = "3" });
        settings.Remove("Mobility:City:Gtfs:0");
        _node = await RunningNode.StartAsync(settings);
        await _node.WaitReadyAsync();
        var area = JsonDocument.Parse(await (await _node.GetAsync("/plan/area")).Content.ReadAsStringAsync()).RootElement;
        Area = (area.GetProperty("minLat").GetDouble(), area.GetProperty("minLon").GetDouble(), area.GetProperty("maxLat").GetDouble(), area.GetProperty("maxLon").GetDouble());
        var first = DateOnly.Parse(area.GetProperty("firstServiceDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var day = DateOnly.FromDateTime(DateTime.UtcNow) > first ? DateOnly.FromDateTime(DateTime.UtcNow) : first;
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        Tuesday8 = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + "T08:00";
    }

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _data.Dispose();
    }
}

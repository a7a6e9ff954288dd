using Mobility.Node.Configuration;
using Mobility.Node.Hosting;

namespace Mobility.Node.City;

/// <summary>The generated demo city: where its feeds are.</summary>
public sealed record DemoCityFeeds(string Folder, string Gtfs, string Osm, string Gbfs);

/// <summary>Generates the demo city into the data folder once per size and seed, then reuses it.</summary>
public static class DemoCity
{
    public static Task<DemoCityFeeds> EnsureAsync(CitySettings city, string dataFolder, NodeConsole console, CancellationToken ct)
    {
        _ = city;
        _ = dataFolder;
        _ = console;
        _ = ct;
        throw new StartupException(NodeSettingsReader.Section + ":City", "the demo city generator is not available in this build; configure City:Gtfs, City:Osm or City:Gbfs.");
    }
}

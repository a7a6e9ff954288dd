using Mobility.Routing.Street;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Street;

/// <summary>The two OSM fixtures, each loaded once per test run (walk, bike and car contracted).</summary>
internal static class FixtureNetworks
{
    private static readonly StreetBuildOptions AllContracted = new() { ContractedProfiles = StreetProfiles.All };
    private static readonly Dictionary<string, StreetNetwork> Cache = [];
    private static readonly Lock Gate = new();

    public static StreetNetwork Portland => Get("portland", "portland-central.osm.pbf");

    public static StreetNetwork Cobb => Get("cobb-county", "cobb-county.osm.pbf");

    public static StreetNetwork Get(string folder, string file)
    {
        var path = SharedData.Path(folder, file);
        lock (Gate)
        {
            if (!Cache.TryGetValue(path, out var network))
            {
                network = StreetNetwork.Load(path, AllContracted);
                Cache[path] = network;
            }

            return network;
        }
    }
}

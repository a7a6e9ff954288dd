using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Mobility.Node.Configuration;
using Mobility.Node.Hosting;
using Mobility.Node.Snapshots;

namespace Mobility.Node.City;

/// <summary>
/// Loads the city after the node has started listening, so start-up stays fast and <c>/health/ready</c> says when the
/// city is there. Configured feeds are read as they are; with none, the demo city is generated into the data folder
/// (once per size and seed) and read the same way. A feed that cannot be read stops the node with one line.
/// </summary>
public sealed class CityLoader(NodeSettings settings, CityCatalog catalog, NodeConsole console, IHostApplicationLifetime lifetime, RoutingSnapshotLoader routing, Api.PlanMobility planMobility) : BackgroundService
{
    private const string CityKey = NodeSettingsReader.Section + ":City";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var clock = Stopwatch.StartNew();
        try
        {
            var city = settings.City;
            string name;
            IReadOnlyList<string> gtfs = city.Gtfs, gbfs = city.Gbfs;
            var osm = city.Osm;
            string? demoFolder = null;
            if (city.UsesDemo)
            {
                var demo = await DemoCity.EnsureAsync(city, settings.DataFolder, console, stoppingToken);
                (name, gtfs, osm, gbfs) = ($"demo city '{city.DemoSize}' (seed {city.DemoSeed}, {(demo.Reused ? "reused" : "generated")}) in {demo.Folder}", [demo.Gtfs], demo.Osm, [demo.Gbfs]);
                demoFolder = demo.Folder;
            }
            else
            {
                name = "configured feeds";
            }

            // With a street network, the routing snapshot reads the feeds (once) and its lines say what they held.
            // Without one there is no snapshot: the GTFS files are checked and counted here instead.
            var lines = new List<string>();
            for (var i = 0; osm is null && i < gtfs.Count; i++)
            {
                lines.Add($"GTFS {Path.GetFileName(gtfs[i])}: {Read($"{CityKey}:Gtfs:{i}", gtfs[i], GtfsInventory.Read)}");
            }

            var live = new List<string>();
            for (var i = 0; i < gbfs.Count; i++)
            {
                live.Add(gbfs[i].StartsWith("http", StringComparison.Ordinal)
                    ? $"GBFS {gbfs[i]}: polled by its ttl by one node of the cluster"
                    : $"{Read($"{CityKey}:Gbfs:{i}", gbfs[i], GbfsInventory.Read)} ({Path.GetFileName(gbfs[i])})");
            }

            foreach (var url in settings.City.GtfsRealtime)
            {
                live.Add($"GTFS-RT {(url.IsFile ? url.LocalPath : url.AbsoluteUri)}: polled every {settings.Feeds.RealtimeInterval.TotalSeconds:0} s by one node of the cluster, applied to the timetable on every node");
            }

            // The routing snapshot (streets, CH, timetable) is built here, off the request path; /health/ready waits for it.
            lines.AddRange(await routing.LoadAsync(gtfs, osm, stoppingToken));
            lines.AddRange(live);

            // Shared vehicles and park-and-ride for /plan (carpool offers come live from the operators).
            lines.AddRange(await planMobility.LoadCityAsync(gbfs, osm, city.UsesDemo ? Mobility.City.CitySpec.Preset(city.DemoSize, city.DemoSeed) : null, demoFolder, stoppingToken));

            var loaded = new CityStatus.Loaded(name, lines, clock.Elapsed);
            catalog.Set(loaded);
            await console.CityLoadedAsync(loaded, stoppingToken);
        }
        catch (StartupException e)
        {
            catalog.Set(new CityStatus.Failed(e.Setting, e.Message));

            // Stop only once the node is fully up: stopping a host that is still starting reads as a crash.
            await console.WhenBannerShown.WaitAsync(stoppingToken);
            console.Fatal(e.Message, exitCode: 3);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down while loading: nothing to report.
        }
    }

    private static T Read<T>(string setting, string path, Func<string, T> read)
    {
        try
        {
            return read(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            throw new StartupException(setting, $"'{path}': {e.Message}");
        }
    }
}

using Mobility.Node.Configuration;
using Mobility.Node.Hosting;
using Mobility.City;

namespace Mobility.Node.City;

/// <summary>The generated demo city: where its feeds are.</summary>
public sealed record DemoCityFeeds(string Folder, string Gtfs, string Osm, string Gbfs, bool Reused, CityStats Stats);

/// <summary>
/// Generates the demo city (Mobility.Simulation's <see cref="CityGenerator"/>) into <c>&lt;data&gt;/city/&lt;size&gt;-&lt;seed&gt;</c>
/// once; later starts reuse it when its manifest still matches the spec.
/// </summary>
public static class DemoCity
{
    public static string FolderFor(CitySettings city, string dataFolder) => Path.Combine(dataFolder, "city", $"{city.DemoSize}-{city.DemoSeed}");

    public static Task<DemoCityFeeds> EnsureAsync(CitySettings city, string dataFolder, NodeConsole console, CancellationToken ct) =>
        Task.Run(
            () =>
            {
                var spec = CitySpec.Preset(city.DemoSize, city.DemoSeed);
                var folder = FolderFor(city, dataFolder);
                var lastStage = string.Empty;
                var progress = new StageReporter(p =>
                {
                    // One line per stage: enough to show that a large city is progressing, quiet for a small one.
                    if (p.Stage != lastStage && p.Stage is not ("Done" or "Reused"))
                    {
                        lastStage = p.Stage;
                        console.Progress($"  city      generating demo city '{city.DemoSize}' (seed {city.DemoSeed}): {p.Stage} ({p.Fraction:P0})");
                    }
                });
                try
                {
                    var generated = CityGenerator.GenerateOrReuse(spec, folder, progress);
                    return new DemoCityFeeds(generated.Directory, generated.GtfsPath, generated.OsmPath, generated.GbfsDirectory, generated.Reused, generated.Stats);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new StartupException(NodeSettingsReader.Section + ":DataFolder", $"cannot write the demo city into '{folder}' ({e.Message}).");
                }
            },
            ct);

    /// <summary>Reports synchronously on the generating thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class StageReporter(Action<CityProgress> report) : IProgress<CityProgress>
    {
        public void Report(CityProgress value) => report(value);
    }
}

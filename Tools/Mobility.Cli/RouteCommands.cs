using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Street.Benchmark;
using Mobility.Routing.Transit;
using Mobility.Routing.Transit.Raptor;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class RouteCommands
{
    /// <summary>Registers the <c>route</c> commands.</summary>
    public static IConfigurator AddRouteCommands(this IConfigurator config)
    {
        config.AddBranch("route", route =>
        {
            route.SetDescription("Trip planning on GTFS feeds and an OSM street network.");
            route.AddCommand<RouteOneCommand>("one")
                .WithDescription("Plan one door-to-door trip and print its itineraries (or --json).")
                .WithExample("route", "one", "--gtfs", "trimet.zip", "--osm", "portland.osm.pbf", "--from", "45.5231,-122.6765", "--to", "45.5100,-122.6820", "--depart", "2021-11-02T08:00:00");
            route.AddCommand<RouteBatchCommand>("batch")
                .WithDescription("Plan every query of a CSV file; write the earliest itinerary of each; print build time, peak memory, p50/p95/p99.")
                .WithExample("route", "batch", "--gtfs", "trimet.zip", "--osm", "portland.osm.pbf", "--queries", "q.csv", "--out", "r.csv");
            route.AddCommand<BenchStreetCommand>("bench-street")
                .WithDescription("Street routing benchmark: build time, memory, CH preprocessing, CH vs bidirectional Dijkstra.");
            route.AddCommand<RouteBenchTransitCommand>("bench-transit")
                .WithDescription("Benchmark the transit core: snapshot build, then random RAPTOR earliest-arrival queries (footpaths as crow flies).")
                .WithExample("route", "bench-transit", "--gtfs", "data/city/gtfs.zip", "--queries", "2000");
            route.AddCommand<RouteBenchMultimodalCommand>("bench-multimodal")
                .WithDescription("Benchmark multimodal queries (walk, transit, bike-share, carpool, park-and-ride): p50/p95/p99.");
            route.AddCommand<RouteBenchRealtimeCommand>("bench-realtime")
                .WithDescription("Benchmark applying GTFS-RT TripUpdates (synthetic, one service day) to the static timetable, as a node does per message.")
                .WithExample("route", "bench-realtime", "--gtfs", "data/city/gtfs.zip", "--messages", "20");
            route.AddCommand<RoutePolicyCommand>("policy")
                .WithDescription("Print the published itinerary ranking policy and its SHA-256.");
        });
        return config;
    }
}

internal sealed class RouteBenchTransitSettings : CommandSettings
{
    [CommandOption("--gtfs <ZIP>")]
    [Description("A GTFS feed (zip or folder); repeat for several feeds.")]
    public string[] Gtfs { get; init; } = [];

    [CommandOption("--queries <N>")]
    [Description("Random queries to time. Default: 2000.")]
    public int Queries { get; init; } = 2000;

    [CommandOption("--seed <SEED>")]
    public int Seed { get; init; } = 1;

    public override ValidationResult Validate() =>
        Gtfs.Length == 0 ? ValidationResult.Error("--gtfs is required")
        : Queries is < 1 or > 1_000_000 ? ValidationResult.Error("--queries between 1 and 1,000,000")
        : ValidationResult.Success();
}

internal sealed class RouteBenchTransitCommand : Command<RouteBenchTransitSettings>
{
    public override int Execute(CommandContext context, RouteBenchTransitSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var feeds = settings.Gtfs.Select(path => GtfsReader.Load(path)).ToList();
        var loadSeconds = clock.Elapsed.TotalSeconds;
        var tt = TimetableBuilder.Build(feeds, footpaths: stops => CrowFliesFootpaths.Compute(stops));
        var buildSeconds = clock.Elapsed.TotalSeconds;
        var router = new RaptorRouter(tt);
        var random = new Random(settings.Seed);
        var days = Enumerable.Range(0, tt.DayCount).Where(d => tt.Trips.Any(t => t.RunsOn(d))).Take(14).ToArray();
        var times = new double[settings.Queries];
        var found = 0;
        for (var q = 0; q < settings.Queries; q++)
        {
            var day = days[random.Next(days.Length)];
            var request = new RaptorRequest(
                [new StopOffset(random.Next(tt.StopCount), random.Next(600))],
                [new StopOffset(random.Next(tt.StopCount), random.Next(600))],
                tt.ServiceDayStart(0, day) + (5 * 3600) + random.Next(17 * 3600));
            var start = Stopwatch.GetTimestamp();
            var journey = router.EarliestArrival(request);
            times[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            found += journey is null ? 0 : 1;
        }

        var p = BenchStats.Percentiles(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feeds {feeds.Count}: {tt.StopCount:N0} stops, {tt.Trips.Count:N0} trips, {tt.RouteCount:N0} RAPTOR routes, {tt.Footpaths.Count:N0} footpaths, {tt.DayCount} days"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load {loadSeconds:F2} s, snapshot build {buildSeconds - loadSeconds:F2} s, flat arrays {tt.FlatArrayBytes / 1048576.0:F1} MiB, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"earliest arrival, {settings.Queries} queries ({found} found): p50 {p.P50:F2} ms, p95 {p.P95:F2} ms, p99 {p.P99:F2} ms, mean {times.Average():F2} ms, {settings.Queries / (times.Sum() / 1000):F0} queries/s on one thread"));
        return 0;
    }
}

internal static class BenchStats
{
    public static (double P50, double P95, double P99) Percentiles(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return (0, 0, 0);
        }

        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return (At(0.50), At(0.95), At(0.99));
    }
}

/// <summary><c>mobility route bench-street --osm FILE --pairs N</c>, or <c>--grid-nodes N</c> for a generated grid.</summary>
internal sealed class BenchStreetCommand : Command<BenchStreetCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--osm <FILE>")]
        [Description("OSM extract (.osm.pbf or .osm XML).")]
        public string? Osm { get; init; }

        [CommandOption("--grid-nodes <N>")]
        [Description("Benchmark a generated street grid of about N nodes instead of an OSM file.")]
        public int? GridNodes { get; init; }

        [CommandOption("--pairs <N>")]
        [Description("Random car queries to time (default 1000).")]
        [DefaultValue(1000)]
        public int Pairs { get; init; } = 1000;

        [CommandOption("--turn-costs <RUNS>")]
        [Description("Car models to build and time: both (without, then with turn costs, and the ratio of their durations; default), on, off.")]
        [DefaultValue("both")]
        public string TurnCosts { get; init; } = "both";

        public override Spectre.Console.ValidationResult Validate() =>
            TurnCosts is not ("both" or "on" or "off")
                ? Spectre.Console.ValidationResult.Error("--turn-costs must be both, on or off.")
                : (Osm is null) == (GridNodes is null)
                ? Spectre.Console.ValidationResult.Error("Give exactly one of --osm FILE or --grid-nodes N.")
                : Pairs is < 1 or > 1_000_000
                    ? Spectre.Console.ValidationResult.Error("--pairs must be between 1 and 1000000.")
                    : GridNodes is < 4 or > 20_000_000
                        ? Spectre.Console.ValidationResult.Error("--grid-nodes must be between 4 and 20000000.")
                        : Spectre.Console.ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var runs = settings.TurnCosts switch { "on" => TurnCostRuns.On, "off" => TurnCostRuns.Off, _ => TurnCostRuns.Both };
        if (settings.Osm is not null)
        {
            StreetBenchmark.Run(settings.Osm, settings.Pairs, Console.Out, runs);
        }
        else
        {
            StreetBenchmark.RunSynthetic(settings.GridNodes!.Value, settings.Pairs, Console.Out, runs: runs);
        }

        return 0;
    }
}

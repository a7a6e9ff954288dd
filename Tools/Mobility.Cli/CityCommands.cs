using System.ComponentModel;
using System.Diagnostics;
using Mobility.City;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class CityCommands
{
    /// <summary>Registers the <c>city</c> commands.</summary>
    public static IConfigurator AddCityCommands(this IConfigurator config)
    {
        config.AddBranch("city", city =>
        {
            city.SetDescription("The deterministic demo city: streets (OSM PBF), transit (GTFS), shared vehicles (GBFS).");
            city.AddCommand<CityGenerateCommand>("generate")
                .WithDescription("Generate a city from a seed and a size into a data folder.")
                .WithExample("city", "generate", "--size", "town", "--seed", "42", "--out", "data/city");
            city.AddCommand<CityCheckCommand>("check")
                .WithDescription("Read a generation back (OSM, GTFS, GBFS), check it and time the reads and lookups.")
                .WithExample("city", "check", "data/city");
        });
        return config;
    }
}

internal sealed class CityGenerateSettings : CommandSettings
{
    [CommandOption("--size <SIZE>")]
    [Description("village | town | city (~200k street nodes, ~2,000 stops) | metropolis (~1M street nodes). Default: town.")]
    public string Size { get; init; } = "town";

    [CommandOption("--seed <SEED>")]
    [Description("The seed; the same seed and size give the same bytes. Default: 42.")]
    public long Seed { get; init; } = 42;

    [CommandOption("--out <DIR>")]
    [Description("The data folder to write into (created if absent). Never the repository.")]
    public string? Out { get; init; }

    [CommandOption("--columns <N>")]
    [Description("Override: blocks west-east.")]
    public int? Columns { get; init; }

    [CommandOption("--rows <N>")]
    [Description("Override: blocks south-north.")]
    public int? Rows { get; init; }

    [CommandOption("--block-meters <M>")]
    [Description("Override: block size in metres.")]
    public double? BlockMeters { get; init; }

    [CommandOption("--shape-nodes <N>")]
    [Description("Override: shape nodes between two intersections.")]
    public int? ShapeNodes { get; init; }

    [CommandOption("--headway-factor <F>")]
    [Description("Override: multiply every headway (2 = half the trips).")]
    public double? HeadwayFactor { get; init; }

    [CommandOption("--vehicles <N>")]
    [Description("Override: free-floating vehicles.")]
    public int? Vehicles { get; init; }

    [CommandOption("--reuse")]
    [Description("Keep an existing generation of the same spec in the folder instead of regenerating.")]
    public bool Reuse { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out DIR is required: the data folder to write the city into.");
        }

        if (!CitySpec.PresetNames.Contains(Size.ToLowerInvariant()))
        {
            return ValidationResult.Error($"--size must be one of {string.Join(", ", CitySpec.PresetNames)}, not '{Size}'.");
        }

        var errors = ToSpec().Validate();
        return errors.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(" ", errors));
    }

    public CitySpec ToSpec()
    {
        var spec = CitySpec.Preset(Size, Seed);
        return spec with
        {
            Columns = Columns ?? spec.Columns,
            Rows = Rows ?? spec.Rows,
            BlockMeters = BlockMeters ?? spec.BlockMeters,
            ShapeNodesPerSegment = ShapeNodes ?? spec.ShapeNodesPerSegment,
            HeadwayFactor = HeadwayFactor ?? spec.HeadwayFactor,
            FreeFloatingVehicles = Vehicles ?? spec.FreeFloatingVehicles,
            PresetName = Columns is null && Rows is null && BlockMeters is null && ShapeNodes is null && HeadwayFactor is null && Vehicles is null
                ? spec.PresetName : spec.PresetName + "-custom",
        };
    }
}

internal sealed class CityGenerateCommand : Command<CityGenerateSettings>
{
    public override int Execute(CommandContext context, CityGenerateSettings settings, CancellationToken cancellationToken)
    {
        var spec = settings.ToSpec();
        var outDir = Path.GetFullPath(settings.Out!);
        var stopwatch = Stopwatch.StartNew();
        GeneratedCity? city = null;
        var before = GC.GetTotalAllocatedBytes();
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"{spec.PresetName} city, seed {spec.Seed}", maxValue: 1.0);
                var progress = new SynchronousProgress(p =>
                {
                    task.Description = $"{spec.PresetName}/{spec.Seed}: {p.Stage}";
                    task.Value = p.Fraction;
                });
                city = settings.Reuse
                    ? CityGenerator.GenerateOrReuse(spec, outDir, progress)
                    : CityGenerator.Generate(spec, outDir, progress);
                task.Value = 1.0;
            });

        var s = city!.Stats;
        var table = new Table().AddColumns("what", "count", "file");
        table.AddRow("street nodes", s.OsmNodes.ToString("N0"), Markup.Escape(city.OsmPath));
        table.AddRow("ways / turn restrictions", $"{s.OsmWays:N0} / {s.OsmRelations:N0}", $"{s.OsmBytes / 1024.0 / 1024.0:F1} MiB");
        table.AddRow("stops / routes", $"{s.Stops:N0} / {s.Routes:N0}", Markup.Escape(city.GtfsPath));
        table.AddRow("trips / stop times", $"{s.Trips:N0} / {s.StopTimes:N0}", $"{s.GtfsBytes / 1024.0 / 1024.0:F1} MiB");
        table.AddRow("bike stations / docked vehicles", $"{s.Stations:N0} / {s.DockedVehicles:N0}", Markup.Escape(city.GbfsDirectory));
        table.AddRow("free-floating vehicles / zones", $"{s.FreeVehicles:N0} / {s.GeofencingZones:N0}", string.Empty);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(city.Reused
            ? $"Reused the generation in [bold]{Markup.Escape(outDir)}[/] (manifest matches spec {spec.Hash()[..12]})."
            : $"Generated in {stopwatch.Elapsed.TotalSeconds:F1} s, {(GC.GetTotalAllocatedBytes() - before) / 1024.0 / 1024.0:N0} MiB allocated, peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:N0} MiB; spec {spec.Hash()[..12]}.");
        return 0;
    }

    /// <summary>Reports on the generating thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<CityProgress> report) : IProgress<CityProgress>
    {
        public void Report(CityProgress value) => report(value);
    }
}

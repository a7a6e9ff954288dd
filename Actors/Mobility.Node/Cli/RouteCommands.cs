using System.ComponentModel;
using Mobility.Routing.Street.Benchmark;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class RouteCommands
{
    /// <summary>Registers the <c>route</c> commands.</summary>
    public static IConfigurator AddRouteCommands(this IConfigurator config)
    {
        config.AddBranch("route", route =>
        {
            route.SetDescription("Trip planning and routing tools.");
            route.AddCommand<BenchStreetCommand>("bench-street")
                .WithDescription("Street routing benchmark: build time, memory, CH preprocessing, CH vs bidirectional Dijkstra.");
        });
        return config;
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

        public override Spectre.Console.ValidationResult Validate() =>
            (Osm is null) == (GridNodes is null)
                ? Spectre.Console.ValidationResult.Error("Give exactly one of --osm FILE or --grid-nodes N.")
                : Pairs is < 1 or > 1_000_000
                    ? Spectre.Console.ValidationResult.Error("--pairs must be between 1 and 1000000.")
                    : GridNodes is < 4 or > 20_000_000
                        ? Spectre.Console.ValidationResult.Error("--grid-nodes must be between 4 and 20000000.")
                        : Spectre.Console.ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Osm is not null)
        {
            StreetBenchmark.Run(settings.Osm, settings.Pairs, Console.Out);
        }
        else
        {
            StreetBenchmark.RunSynthetic(settings.GridNodes!.Value, settings.Pairs, Console.Out);
        }

        return 0;
    }
}

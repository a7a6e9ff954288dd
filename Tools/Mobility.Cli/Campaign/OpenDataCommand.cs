using System.ComponentModel;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary><c>mobility campaign opendata FILE --journeys J --out FILE.csv [--min-trips 6] [--dense 60]</c>.</summary>
internal sealed class OpenDataCommand : Command<OpenDataCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Campaign whose incentives are summed per cell (and whose timezone sets the month).")]
        public string File { get; init; } = "";

        [CommandOption("--journeys <PATH>")]
        public string Journeys { get; init; } = "";

        [CommandOption("--out <FILE>")]
        public string Out { get; init; } = "opendata.csv";

        [CommandOption("--min-trips <N>")]
        [Description("Minimum journeys per published cell (at least 6).")]
        public int K { get; init; } = 6;

        [CommandOption("--dense <N>")]
        [Description("Journey ends per 0.01-degree cell from which coordinates keep 3 decimals.")]
        public int Dense { get; init; } = 60;

        public override ValidationResult Validate() =>
            Journeys.Length == 0 ? ValidationResult.Error("--journeys is required")
            : K < 6 ? ValidationResult.Error("--min-trips must be at least 6")
            : Dense < 1 ? ValidationResult.Error("--dense must be positive")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var doc = CampaignInput.LoadOrReport(settings.File);
        var journeys = CampaignInput.Journeys(settings.Journeys);
        if (doc is null || journeys is null)
        {
            return 1;
        }
        var evaluations = CampaignEngine.Simulate(doc, journeys.Journeys).Evaluations;
        var result = OpenDataExport.Build(evaluations.Select(e => (e.Journey, e.TotalCents)), doc.TimeZone, new OpenDataOptions(settings.K, settings.Dense));
        File.WriteAllText(settings.Out, result.ToCsv());
        Console.WriteLine($"{settings.Out}: {result.Cells.Count} cells, {result.TotalTrips - result.SuppressedTrips} journeys published, {result.SuppressedTrips} suppressed (cells under {settings.K})");
        return 0;
    }
}

using System.ComponentModel;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary><c>mobility campaign statement FILE... --journeys J --driver KEY --year YYYY [--out FILE]</c>.</summary>
internal sealed class StatementCommand : Command<StatementCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILES>")]
        [Description("One or more campaign documents or shipped campaign names.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--journeys <PATH>")]
        public string Journeys { get; init; } = "";

        [CommandOption("--driver <KEY>")]
        public string Driver { get; init; } = "";

        [CommandOption("--year <YYYY>")]
        public int Year { get; init; }

        [CommandOption("--out <FILE>")]
        public string? Out { get; init; }

        public override ValidationResult Validate() =>
            Journeys.Length == 0 || Driver.Length == 0 || Year is < 2000 or > 2100
                ? ValidationResult.Error("--journeys, --driver and --year (2000-2100) are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var docs = settings.Files.Select(CampaignInput.LoadOrReport).ToList();
        var journeys = CampaignInput.Journeys(settings.Journeys);
        if (docs.Any(d => d is null) || journeys is null)
        {
            return 1;
        }
        var runs = docs.Select(d => (d!, CampaignEngine.Simulate(d!, journeys.Journeys).Evaluations)).ToList();
        var statement = DriverYearlyStatement.Build(settings.Driver, settings.Year, runs.Select(r => (r.Item1, (IEnumerable<JourneyEvaluation>)r.Evaluations)));
        var csv = statement.ToCsv();
        if (settings.Out is { } path)
        {
            File.WriteAllText(path, csv);
        }
        else
        {
            Console.Write(csv);
        }
        return 0;
    }
}

using System.ComponentModel;
using Mobility.Simulation.Day.Reports;
using Mobility.Simulation.Day.Run;
using Mobility.Simulation.Day.Scenarios;
using Spectre.Console.Cli;

namespace Mobility.Simulation.Day.Cli;

/// <summary><c>simulate day --scenario FILE --out DIR</c>. Exit codes: 0 every check holds, 1 a check failed (named), 2 a refused scenario or a run that could not go on.</summary>
internal sealed class SimulateDayCommand : AsyncCommand<SimulateDayCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--scenario <FILE>")]
        [Description("The scenario (JSON, docs/simulation.md).")]
        public string Scenario { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("Where report.html, its plots, report.json and the node's data and log go.")]
        public string Out { get; init; } = "";

        public override Spectre.Console.ValidationResult Validate() =>
            Scenario.Length == 0 ? Spectre.Console.ValidationResult.Error("--scenario FILE is required")
            : Out.Length == 0 ? Spectre.Console.ValidationResult.Error("--out DIR is required")
            : Spectre.Console.ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        await DayCommand.RunAsync(settings.Scenario, settings.Out, Console.Out, cancellationToken);
}

/// <summary>The command's body, callable from tests: read, run, report, and the exit code.</summary>
public static class DayCommand
{
    public static async Task<int> RunAsync(string scenarioPath, string outDir, TextWriter console, CancellationToken ct)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioReader.Read(scenarioPath);
        }
        catch (ScenarioException e)
        {
            console.WriteLine(e.Message);
            return 2;
        }

        Directory.CreateDirectory(outDir);
        DayOutcome outcome;
        try
        {
            outcome = await DayRunner.RunAsync(scenario, outDir, console, ct);
        }
        catch (DayRunException e)
        {
            console.WriteLine("the day could not go on: " + e.Message);
            return 2;
        }

        var report = ReportWriter.Write(scenario, outcome, outDir);
        console.WriteLine($"report      {report} ({outcome.Wall.TotalSeconds:0.0} s wall, peak working set {outcome.PeakWorkingSetBytes / (1 << 20):N0} MiB)");
        foreach (var g in outcome.Declarations.GroupBy(d => $"HTTP {d.HttpStatus} {d.Status ?? "refused"} {string.Join("+", d.Labels.Order(StringComparer.Ordinal))}").OrderByDescending(g => g.Count()))
        {
            console.WriteLine($"declared    {g.Count(),6:N0}  {g.Key}  {g.First().Refusal}");
        }

        foreach (var c in outcome.Checks)
        {
            console.WriteLine($"{(c.Holds ? "holds " : "FAILED")}      {c.Name}: {c.Detail}");
        }

        var failed = outcome.Checks.Where(c => !c.Holds).ToList();
        if (failed.Count > 0)
        {
            console.WriteLine($"{failed.Count} ledger check(s) failed: {string.Join("; ", failed.Select(c => c.Name))}");
            return 1;
        }

        return 0;
    }
}

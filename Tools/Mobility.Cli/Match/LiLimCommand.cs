using System.ComponentModel;
using System.Globalization;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;
using Mobility.Routing.Matching.Pdptw;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Match;

internal sealed class LiLimCommand : Command<LiLimCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Li & Lim instance file.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--seconds <N>")]
        [Description("Search time limit in seconds (default 10).")]
        public double Seconds { get; init; } = 10;

        [CommandOption("--out <PATH>")]
        [Description("Write the routes: one line per vehicle, task ids in visiting order, depot left out.")]
        public string? Out { get; init; }

        [CommandOption("--best-known <PATH>")]
        [Description("Best-known table (default: best-known.tsv beside FILE).")]
        public string? BestKnown { get; init; }

        [CommandOption("--construction <SHARE>")]
        [Description("Share of the time for the vehicles-first construction (default 0.15).")]
        public double Construction { get; init; } = LiLimStrategy.Default.ConstructionShare;

        [CommandOption("--elimination <SHARE>")]
        [Description("Share of the time for route elimination (default 0.45).")]
        public double Elimination { get; init; } = LiLimStrategy.Default.EliminationShare;

        [CommandOption("--metaheuristic <NAME>")]
        [Description("Metaheuristic of the elimination and distance phases: GuidedLocalSearch (default), TabuSearch, SimulatedAnnealing, None.")]
        public Metaheuristic Metaheuristic { get; init; } = LiLimStrategy.Default.ImprovementMetaheuristic;

        [CommandOption("--lns <SHARE>")]
        [Description("Share of the distance phase for the large neighbourhood search after OR-Tools (default 0.5).")]
        public double Lns { get; init; } = LiLimStrategy.Default.LnsShare;

        [CommandOption("--seed <N>")]
        [Description("Seed of the large neighbourhood search (default 1).")]
        public int Seed { get; init; } = LiLimStrategy.Default.Seed;

        [CommandOption("--ortools-elimination")]
        [Description("Route elimination by OR-Tools' search instead of the large neighbourhood search.")]
        public bool OrToolsElimination { get; init; }

        [CommandOption("--trace")]
        [Description("Print the result of each solver phase.")]
        public bool Trace { get; init; }

        public LiLimStrategy Strategy => LiLimStrategy.Default with
        {
            ConstructionShare = Math.Clamp(Construction, 0.01, 1),
            EliminationShare = Math.Clamp(Elimination, 0, 1),
            ImprovementMetaheuristic = Metaheuristic,
            LnsShare = Math.Clamp(Lns, 0, 1),
            Seed = Seed,
            LnsElimination = !OrToolsElimination,
        };

        public override ValidationResult Validate() =>
            Seconds is > 0 and <= 3600 ? ValidationResult.Success() : ValidationResult.Error("--seconds must be in (0, 3600]");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        LiLimInstance instance;
        try
        {
            instance = LiLimParser.ParseFile(settings.File);
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }

        var result = LiLimSolver.Solve(instance, new PdptwSolverOptions(TimeSpan.FromSeconds(settings.Seconds)), settings.Strategy, settings.Trace ? Console.WriteLine : null);
        var violations = SolutionChecker.CheckLiLim(instance, result.Routes, allowUnserved: true);
        var best = LiLimBench.FindBestKnown(settings.File, settings.BestKnown, instance.Name);
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"instance   {instance.Name}"));
        Console.WriteLine(string.Create(inv, $"vehicles   {result.Vehicles}"));
        Console.WriteLine(string.Create(inv, $"distance   {result.Distance:F2}"));
        if (best is { } b)
        {
            Console.WriteLine(string.Create(inv, $"best-known {b.Vehicles} vehicles, {b.Distance:F2}"));
            Console.WriteLine(string.Create(inv, $"gap        {LiLimBench.FormatGap(result.Distance, b.Distance)}% distance, {result.Vehicles - b.Vehicles:+0;-0;0} vehicles"));
        }
        else
        {
            Console.WriteLine("best-known (not found)");
        }

        Console.WriteLine(string.Create(inv, $"unserved   {result.UnservedPairs} pairs"));
        Console.WriteLine(string.Create(inv, $"time       {result.Elapsed.TotalSeconds:F2} s"));
        Console.WriteLine(violations.Count == 0 ? "check      ok" : $"check      {violations.Count} violations");
        foreach (var v in violations.Take(20)) Console.WriteLine($"  {v}");
        if (settings.Out is { } path)
            File.WriteAllLines(path, result.Routes.Select(r => string.Join(' ', r.Select(t => t.ToString(inv)))));
        return violations.Count == 0 ? 0 : 1;
    }
}

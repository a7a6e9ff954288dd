using System.ComponentModel;
using System.Globalization;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;
using Mobility.Routing.Matching.Pdptw;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Match;

internal sealed class BenchLiLimCommand : Command<BenchLiLimCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--dir <DIR>")]
        [Description("Folder with the instances and best-known.tsv (default /work/shared/data/lilim or $MOBILITY_DATA/lilim).")]
        public string? Dir { get; init; }

        [CommandOption("--seconds <N>")]
        [Description("Time limit per instance in seconds (default 10).")]
        public double Seconds { get; init; } = 10;

        public override ValidationResult Validate() =>
            Seconds is > 0 and <= 3600 ? ValidationResult.Success() : ValidationResult.Error("--seconds must be in (0, 3600]");
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var dir = settings.Dir
            ?? (Environment.GetEnvironmentVariable("MOBILITY_DATA") is { } data ? Path.Combine(data, "lilim") : "/work/shared/data/lilim");
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, "*.txt").Order(StringComparer.Ordinal).ToArray() : [];
        if (files.Length == 0)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]no instances (*.txt) in {dir}[/]");
            return 2;
        }

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine($"Li & Lim benchmark, {settings.Seconds.ToString(inv)} s per instance, {Environment.ProcessorCount} cores");
        Console.WriteLine("| instance | vehicles | distance | best-known veh. | best-known dist. | gap % | check | time s |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
        var failures = 0;
        foreach (var file in files)
        {
            var instance = LiLimParser.ParseFile(file);
            var result = LiLimSolver.Solve(instance, new PdptwSolverOptions(TimeSpan.FromSeconds(settings.Seconds)));
            var violations = SolutionChecker.CheckLiLim(instance, result.Routes);
            var best = LiLimBench.FindBestKnown(file, null, instance.Name);
            var gap = best is { } b ? LiLimBench.FormatGap(result.Distance, b.Distance) : "-";
            var ok = violations.Count == 0 && best is { } bb && result.Vehicles <= bb.Vehicles + 1 && LiLimBench.Gap(result.Distance, bb.Distance) <= 5;
            if (!ok) failures++;
            Console.WriteLine(string.Create(inv,
                $"| {instance.Name} | {result.Vehicles} | {result.Distance:F2} | {best?.Vehicles.ToString(inv) ?? "-"} | {best?.Distance.ToString("F2", inv) ?? "-"} | {gap} | {(violations.Count == 0 ? "ok" : $"{violations.Count} violations")} | {result.Elapsed.TotalSeconds:F1} |"));
        }

        Console.WriteLine(failures == 0 ? "all within target (<= best + 1 vehicle, <= 5% distance)" : $"{failures} instance(s) outside target");
        return 0;
    }
}

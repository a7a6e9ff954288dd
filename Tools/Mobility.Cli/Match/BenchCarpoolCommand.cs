using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Matching.Carpool;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.Pdptw;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Match;

internal sealed class BenchCarpoolCommand : Command<BenchCarpoolCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--requests <N>")]
        [Description("Rider requests to generate (default 2000).")]
        public int Requests { get; init; } = 2000;

        [CommandOption("--drivers <N>")]
        [Description("Driver offers to generate (default 500).")]
        public int Drivers { get; init; } = 500;

        [CommandOption("--seconds <N>")]
        [Description("Matching time budget in seconds (default 5).")]
        public double Seconds { get; init; } = 5;

        [CommandOption("--seed <N>")]
        [Description("Random seed of the generated city (default 1).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--part-size <N>")]
        [Description("Drivers plus requests per OR-Tools sub-problem (default 60).")]
        public int PartSize { get; init; } = CarpoolMatcherOptions.Default.MaxSubProblemSize;

        [CommandOption("--first-solution <NAME>")]
        [Description("LocalCheapestInsertion (default), ParallelCheapestInsertion or PathCheapestArc.")]
        public FirstSolution FirstSolution { get; init; } = CarpoolMatcherOptions.Default.FirstSolution;

        public override ValidationResult Validate()
        {
            if (PartSize is < 2 or > 2000) return ValidationResult.Error("--part-size must be in [2, 2000]");
            if (Requests is < 0 or > 100_000 || Drivers is < 0 or > 100_000) return ValidationResult.Error("--requests and --drivers must be in [0, 100000]");
            return Seconds is > 0 and <= 3600 ? ValidationResult.Success() : ValidationResult.Error("--seconds must be in (0, 3600]");
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = TimeProvider.System;
        var now = clock.GetUtcNow();
        var scenario = SyntheticCarpoolCity.Generate(settings.Drivers, settings.Requests, now.AddMinutes(10), settings.Seed);
        var model = HaversineTravelTimeModel.Urban;
        var options = CarpoolMatcherOptions.Default with
        {
            TimeLimit = TimeSpan.FromSeconds(settings.Seconds),
            MaxSubProblemSize = settings.PartSize,
            FirstSolution = settings.FirstSolution,
        };

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var matching = new CarpoolMatcher(model, clock).Match(scenario.Offers, scenario.Requests, options);
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        using var process = Process.GetCurrentProcess();
        process.Refresh();

        var violations = SolutionChecker.CheckCarpool(scenario.Offers, scenario.Requests, matching, model, options.BoardingTime);
        var used = matching.Plans.Where(p => p.Stops.Count > 0).ToList();
        var detours = used.Select(p => p.Detour.TotalMinutes).Order().ToArray();
        var riders = scenario.Requests.ToDictionary(r => r.Id);
        var seatsFilled = used.Sum(p => p.Stops.Where(s => s.Kind == StopKind.Pickup).Sum(s => riders[s.Request].Riders));

        Console.WriteLine(string.Create(inv, $"carpool matching bench: {settings.Drivers} drivers, {settings.Requests} requests, seed {settings.Seed}, budget {settings.Seconds} s, parts of {settings.PartSize}, {settings.FirstSolution}, {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(inv, $"served          {matching.ServedCount} requests ({seatsFilled} riders) = {Percent(matching.ServedCount, settings.Requests)}"));
        Console.WriteLine(string.Create(inv, $"drivers used    {used.Count} of {settings.Drivers}"));
        Console.WriteLine(string.Create(inv, $"detour min      mean {Mean(detours):F1}, p50 {Pct(detours, 50):F1}, p95 {Pct(detours, 95):F1}, max {Pct(detours, 100):F1}"));
        foreach (var g in matching.Unserved.GroupBy(u => u.Reason).OrderByDescending(g => g.Count()))
            Console.WriteLine(string.Create(inv, $"unserved        {g.Count()}: {g.Key}"));
        Console.WriteLine(string.Create(inv, $"refused         {matching.RefusedOffers.Count} offers, {matching.RefusedRequests.Count} requests"));
        Console.WriteLine(string.Create(inv, $"candidates      {matching.Stats.CandidatePairs} pairs, {matching.Stats.SubProblems} sub-problems, largest {matching.Stats.LargestSubProblemNodes} nodes"));
        Console.WriteLine(string.Create(inv, $"wall time       {watch.Elapsed.TotalSeconds:F2} s (candidates and parts done at {matching.Stats.CandidatesElapsed.TotalSeconds:F2} s, first pass at {matching.Stats.FirstPassElapsed.TotalSeconds:F2} s)"));
        Console.WriteLine(string.Create(inv, $"memory          {allocated / 1048576.0:F0} MiB managed allocated, peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB"));
        Console.WriteLine(violations.Count == 0 ? "check           ok" : $"check           {violations.Count} violations");
        foreach (var v in violations.Take(20)) AnsiConsole.MarkupLineInterpolated($"  [red]{v.ToString()}[/]");
        return violations.Count == 0 ? 0 : 1;
    }

    private static string Percent(int part, int whole) =>
        whole == 0 ? "-" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static double Mean(double[] xs) => xs.Length == 0 ? 0 : xs.Average();

    private static double Pct(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}

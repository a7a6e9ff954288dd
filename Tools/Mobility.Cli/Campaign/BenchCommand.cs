using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary>
/// <c>mobility campaign bench --journeys 1500000 --campaigns 10</c>: one month of synthetic journeys through N campaign
/// engines (the three shipped documents, then variants of them with other ids and budgets, all valid that month).
/// Prints total time, journeys per second, p50/p95/p99 per batch of 10,000 journeys, late-arrival cost and memory.
/// </summary>
internal sealed class BenchCommand : Command<BenchCommand.Settings>
{
    private const int Batch = 10_000;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--journeys <N>")]
        public int Journeys { get; init; } = 1_500_000;

        [CommandOption("--campaigns <N>")]
        public int Campaigns { get; init; } = 10;

        [CommandOption("--threads <N>")]
        [Description("Campaign engines run in parallel on this many threads (default: the core count).")]
        public int Threads { get; init; } = Environment.ProcessorCount;

        [CommandOption("--seed <N>")]
        [Description("Random seed of the synthetic month.")]
        public int Seed { get; init; } = 42;

        public override ValidationResult Validate() =>
            Journeys is < 1 or > 20_000_000 || Campaigns is < 1 or > 100 || Threads is < 1 or > 64 ? ValidationResult.Error("--journeys 1..20M, --campaigns 1..100, --threads 1..64") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var month = new DateOnly(2022, 3, 1);
        var journeys = SyntheticJourneys.Generate(settings.Journeys, month, settings.Seed);
        journeys.Sort(CapOrder.Comparer);
        var campaigns = Campaigns(settings.Campaigns, month);
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var batchMicros = new List<double>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        // Campaign engines are independent (one actor each in the cluster): they run in parallel, one per core.
        var engines = new CampaignEngine[campaigns.Count];
        var gate = new object();
        Parallel.For(0, campaigns.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Threads }, c =>
        {
            var engine = new CampaignEngine(campaigns[c]);
            var local = new List<double>();
            for (var i = 0; i < journeys.Count; i += Batch)
            {
                var sw = Stopwatch.StartNew();
                var end = Math.Min(journeys.Count, i + Batch);
                for (var k = i; k < end; k++)
                {
                    engine.Add(journeys[k]);
                }
                local.Add(sw.Elapsed.TotalMicroseconds / (end - i));
            }
            engines[c] = engine;
            lock (gate)
            {
                batchMicros.AddRange(local);
            }
        });
        var paid = engines.Sum(e => e.BudgetSpentCents);
        total.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var after = GC.GetTotalMemory(true);
        batchMicros.Sort();
        var evaluations = (double)journeys.Count * campaigns.Count;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{journeys.Count:N0} journeys x {campaigns.Count} campaigns on {settings.Threads} threads in {total.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU (all threads, GC included): {evaluations / total.Elapsed.TotalSeconds:N0} journey-evaluations/s wall, {evaluations / cpu.TotalSeconds:N0} per CPU-second"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load average at the end: {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a")} on {Environment.ProcessorCount} cores"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per journey per campaign (batches of {Batch}, wall time of the batch): p50 {Pct(batchMicros, 0.50):0.00} us, p95 {Pct(batchMicros, 0.95):0.00} us, p99 {Pct(batchMicros, 0.99):0.00} us"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"paid {paid} cents in total; managed memory held by the engines: {(after - before) / (1024.0 * 1024.0):0} MiB"));
        LateArrival(engines[0], journeys);
        GC.KeepAlive(engines);
        return 0;
    }

    /// <summary>A flag on a journey at 99 % of the month: its awards and every later one are released and re-evaluated.</summary>
    private static void LateArrival(CampaignEngine engine, List<CampaignJourney> journeys)
    {
        var target = journeys[(int)(journeys.Count * 0.99)];
        var sw = Stopwatch.StartNew();
        engine.SetStatus(target.JourneyId, JourneyStatus.Cancelled);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"late cancellation at 99 % of the month ({journeys.Count / 100:N0} later journeys re-evaluated): {sw.Elapsed.TotalMilliseconds:0.0} ms"));
    }

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];

    private static List<CampaignDocument> Campaigns(int n, DateOnly month)
    {
        var shipped = CampaignLibrary.Names.Select(CampaignLibrary.Load).ToList();
        var result = new List<CampaignDocument>();
        for (var i = 0; i < n; i++)
        {
            var d = shipped[i % shipped.Count];
            var validity = new DateRange(new DateOnly(month.Year, 1, 1), new DateOnly(month.Year, 12, 31));
            result.Add(d with
            {
                Id = new CampaignId(i < shipped.Count ? d.Id.Value : $"{d.Id.Value}-v{i}"),
                Validity = validity,
                ProofClasses = d.ProofClasses?.Select(w => w with { Dates = validity }).ToList(),
                Operators = d.Operators?.Select(o => o with { Dates = validity }).ToList(),
                BudgetCents = d.BudgetCents / (1 + (i / shipped.Count)),
            });
        }
        return result;
    }
}

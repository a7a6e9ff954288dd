using System.ComponentModel;
using System.Globalization;
using Mobility.CarpoolProof.Log;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Audit;

/// <summary><c>mobility audit bench-log --leaves N</c>: prints proof latency percentiles, durable append throughput and memory.</summary>
internal sealed class BenchLogCommand : Command<BenchLogCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--leaves <N>")]
        [Description("Leaves of the in-memory log the proofs are timed on.")]
        public long Leaves { get; init; } = 1_000_000;

        [CommandOption("--samples <N>")]
        [Description("Proofs timed (random leaves and sizes).")]
        public int Samples { get; init; } = 20_000;

        [CommandOption("--durable-leaves <N>")]
        [Description("Leaves appended through the batching sequencer into a SQLite file (0 skips).")]
        public long DurableLeaves { get; init; } = 200_000;

        [CommandOption("--threads <N>")]
        [Description("Producer threads for the durable appends.")]
        public int Threads { get; init; } = 8;

        [CommandOption("--dir <DIR>")]
        [Description("Folder for the temporary SQLite file (default: the system temp folder).")]
        public string? Directory { get; init; }

        public override ValidationResult Validate() =>
            Leaves < 2 || Leaves > 1L << 32 ? ValidationResult.Error("--leaves must be in [2, 2^32].")
            : Samples < 1 || Samples > 10_000_000 ? ValidationResult.Error("--samples must be in [1, 10^7].")
            : DurableLeaves < 0 ? ValidationResult.Error("--durable-leaves must be >= 0.")
            : Threads < 1 || Threads > 256 ? ValidationResult.Error("--threads must be in [1, 256].")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var inv = CultureInfo.InvariantCulture;
        var result = LogBenchmark.Run(settings.Leaves, settings.Samples, settings.DurableLeaves, settings.Threads,
            settings.Directory ?? Path.GetTempPath(), message => Console.Error.WriteLine(message));
        Console.Out.WriteLine(string.Create(inv, $"transparency log benchmark: {result.Leaves:N0} leaves in memory (store keeps nothing; proofs come from the node cache the durable log also uses)"));
        Console.Out.WriteLine(string.Create(inv, $"build: {result.BuildSeconds:F1} s ({result.Leaves / result.BuildSeconds:N0} leaves/s, hashing only)"));
        Console.Out.WriteLine(string.Create(inv, $"memory: node cache {result.CachedHashBytes / 1048576.0:F0} MiB, managed heap {result.ManagedBytes / 1048576.0:F0} MiB, working set {result.WorkingSetBytes / 1048576.0:F0} MiB"));
        Line("inclusion proof generation", result.InclusionProve);
        Line("inclusion proof verification", result.InclusionVerify);
        Line("consistency proof generation", result.ConsistencyProve);
        Line("consistency proof verification", result.ConsistencyVerify);
        if (result.DurableLeaves > 0)
        {
            Console.Out.WriteLine(string.Create(inv,
                $"durable append (SQLite WAL, synchronous=FULL, sequencer batches <= 4096, {result.DurableThreads} producer threads): {result.DurableLeaves:N0} leaves of {LogBenchmark.LeafBytes} B in {result.DurableBatches:N0} transactions, {result.DurableLeavesPerSecond:N0} leaves/s, file {result.DurableFileBytes / 1048576.0:F0} MiB"));
            Console.Out.WriteLine(string.Create(inv,
                $"restart: reopening the SQLite log took {result.ReopenRootSeconds:F1} s (check {LogOpenCheck.Root}: load all hashes, recompute root) and {result.ReopenFullSeconds:F1} s (check {LogOpenCheck.Full}: rehash every leaf and node); roots identical"));
        }

        return 0;
    }

    private static void Line(string what, LatencySummary s) =>
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: p50 {s.P50:F1} us, p95 {s.P95:F1} us, p99 {s.P99:F1} us, max {s.Max:F1} us ({s.Samples:N0} samples)"));
}

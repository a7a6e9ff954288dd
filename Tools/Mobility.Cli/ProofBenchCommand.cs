using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

/// <summary><c>mobility proof bench --declarations N --data DIR</c>.</summary>
internal sealed class ProofBenchCommand : Command<ProofBenchCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--declarations <N>")]
        [Description("Number of generated declarations (plus about 1% incidents).")]
        public int Declarations { get; init; } = 10_000;

        [CommandOption("--data <DIR>")]
        [Description("Data directory: platform key, SQLite log and proof store (created if missing).")]
        public string Data { get; init; } = "";

        [CommandOption("--mix <C,B,A>")]
        [Description("Shares of proof classes C, B, A (default 40,30,30).")]
        public string Mix { get; init; } = "40,30,30";

        [CommandOption("--batch <SIZE>")]
        [Description("Declarations per batch (one log append per batch).")]
        public int Batch { get; init; } = 2048;

        [CommandOption("--incidents <RATE>")]
        [Description("Share of extra declarations that must be refused or flagged (default 0.01).")]
        public double Incidents { get; init; } = 0.01;

        [CommandOption("--threads <N>")]
        [Description("Parallelism of verification and signing (default: all cores).")]
        public int Threads { get; init; } = Environment.ProcessorCount;

        [CommandOption("--operator-batch <N>")]
        [Description("Operators sign their declarations N at a time (one signature per batch) instead of one by one; 0 = one by one.")]
        public int OperatorBatch { get; init; }

        [CommandOption("--evidence <1|2>")]
        [Description("Device evidence version: 1 = a pick-up and a drop-off statement per device, 2 = one statement per device (docs/proofs.md).")]
        public int Evidence { get; init; } = 1;

        [CommandOption("--no-attestations")]
        [Description("Skip attestation issuing (measures verification, rules, log append, store only).")]
        public bool NoAttestations { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Data)) return ValidationResult.Error("--data DIR is required");
            if (Declarations is < 1 or > 10_000_000) return ValidationResult.Error("--declarations: 1 to 10,000,000");
            if (Batch is < 1 or > 60_000) return ValidationResult.Error("--batch: 1 to 60,000");
            if (Incidents is < 0 or > 1) return ValidationResult.Error("--incidents: 0 to 1");
            if (OperatorBatch is < 0 or > Mobility.CarpoolProof.Declarations.DeclarationBatch.MaxDeclarations)
                return ValidationResult.Error($"--operator-batch: 0 to {Mobility.CarpoolProof.Declarations.DeclarationBatch.MaxDeclarations}");
            if (Threads < 1) return ValidationResult.Error("--threads: at least 1");
            if (Evidence is not (1 or 2)) return ValidationResult.Error("--evidence: 1 or 2");
            var parts = Mix.Split(',');
            if (parts.Length != 3 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0)
                || parts.Sum(p => double.Parse(p, CultureInfo.InvariantCulture)) <= 0)
                return ValidationResult.Error("--mix: three non-negative shares C,B,A, e.g. 40,30,30");
            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var mix = settings.Mix.Split(',').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        using var dir = ProofDataDirectory.OpenOrCreate(settings.Data);
        var options = new ProofBenchOptions
        {
            Declarations = settings.Declarations,
            ClassMix = (mix[0], mix[1], mix[2]),
            BatchSize = settings.Batch,
            IncidentRate = settings.Incidents,
            Parallelism = settings.Threads,
            IssueAttestations = !settings.NoAttestations,
            OperatorBatch = settings.OperatorBatch,
            EvidenceVersion = settings.Evidence,
        };
        var r = ProofBench.Run(dir, options, TimeProvider.System, m => AnsiConsole.MarkupLineInterpolated($"[grey]{m}[/]"));
        var t = r.Timings;
        var inv = CultureInfo.InvariantCulture;
        AnsiConsole.WriteLine(string.Create(inv, $"declarations: {r.Declarations} in {r.Seconds:F2} s -> {r.Throughput:F0} /s (whole pipeline, {settings.Threads} threads, {Environment.ProcessorCount} cores)"));
        AnsiConsole.WriteLine(string.Create(inv,
            $"cpu: {r.CpuSeconds:F2} s of process CPU = {r.CpuSeconds / r.Declarations * 1e6:F0} us per declaration; {Environment.ProcessorCount} dedicated cores would sustain {Environment.ProcessorCount * r.Declarations / r.CpuSeconds:F0} /s"));
        AnsiConsole.WriteLine(string.Create(inv,
            $"stages (s): verify {PipelineTimings.Seconds(t.Verify):F2}, decide {PipelineTimings.Seconds(t.Decide):F2}, append {PipelineTimings.Seconds(t.Append):F2}, store {PipelineTimings.Seconds(t.Store):F2}, attest {PipelineTimings.Seconds(t.Attest):F2}"));
        AnsiConsole.WriteLine(string.Create(inv,
            $"latency per declaration = its batch of {(settings.OperatorBatch > 0 ? settings.OperatorBatch : settings.Batch)}: p50 {r.Percentile(50):F1} ms, p95 {r.Percentile(95):F1} ms, p99 {r.Percentile(99):F1} ms"));
        AnsiConsole.WriteLine(string.Create(inv, $"device statements verified: {r.Statements} ({(double)r.Statements / r.Declarations:F2} per declaration) + {r.OperatorSignatures} operator signatures ({(double)r.OperatorSignatures / r.Declarations:F3} per declaration)"));
        AnsiConsole.WriteLine("generated evidence: " + string.Join(", ", r.GeneratedClasses.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        AnsiConsole.WriteLine("outcomes:");
        foreach (var (k, v) in r.Outcomes.OrderByDescending(kv => kv.Value)) AnsiConsole.WriteLine(string.Create(inv, $"  {k}: {v}"));
        AnsiConsole.WriteLine(string.Create(inv, $"log size: {r.LogSize}; generation (untimed): {r.GenerateSeconds:F1} s"));
        // The bound the mix itself sets: libsodium's verification rate on these cores, nothing else running.
        var perDeclaration = (double)(r.Statements + r.OperatorSignatures) / r.Declarations;
        var ceiling = VerificationCeiling.Measure(settings.Threads);
        AnsiConsole.WriteLine(string.Create(inv,
            $"ed25519 ceiling: {ceiling.VerificationsPerSecond:F0} verifications/s on {settings.Threads} threads ({ceiling.MicrosecondsPerVerification:F1} us CPU each); at {perDeclaration:F2} per declaration no pipeline exceeds {ceiling.DeclarationsPerSecond(perDeclaration):F0} declarations/s"));
        AnsiConsole.WriteLine(string.Create(inv, $"share of the ceiling: {r.Throughput / ceiling.DeclarationsPerSecond(perDeclaration):P0} (issue 12 target: at least 75 %)"));
        using var self = Process.GetCurrentProcess();
        AnsiConsole.WriteLine(string.Create(inv, $"memory: peak working set {self.PeakWorkingSet64 / (1024 * 1024)} MB, managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB"));
        return 0;
    }
}

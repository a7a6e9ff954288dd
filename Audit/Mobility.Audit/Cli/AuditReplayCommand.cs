using System.ComponentModel;
using Mobility.Audit.Replay;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// <c>mobility audit replay EXPORT --rules DIR</c>: re-decides every journey and campaign of an export from the
/// declarations and the published campaign documents, and lists each difference from what the platform decided (one
/// line each on stdout). Exit 0: no difference; 1: differences (then <c>FAILED: N differences</c> on stderr), or an
/// export or rules folder that cannot be read or whose log does not verify; 2: a refused command line.
/// </summary>
internal sealed class AuditReplayCommand : Command<AuditReplayCommand.Settings>
{
    /// <summary>Bounds of the rules folder: a territory publishes a handful of campaign documents.</summary>
    public const int MaxRuleFiles = 1_000;

    public const int MaxRuleBytes = 1 << 20;

    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<EXPORT>")]
        [Description("An export directory (as written by 'audit export' from a node's data folder).")]
        public string Export { get; init; } = "";

        [CommandOption("--rules <DIR>")]
        [Description("The published campaign documents (*.json, as GET /campaigns/{id} serves each document); the proof rules are the verifier's own (docs/proofs.md).")]
        public string Rules { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Rules) ? ValidationResult.Error("--rules DIR is required") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        ReplayReport report;
        try
        {
            report = AuditReplay.Run(ExportSet.Read(settings.Export), ReadRules(settings.Rules));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return AuditOutput.Fail(e.Message);
        }

        foreach (var d in report.Differences)
        {
            Console.Out.WriteLine(d.ToString());
        }

        var summary = $"replayed {report.Journeys} journeys, {report.Campaigns} campaigns, {report.Settlements} settlements";
        if (report.Differences.Count > 0)
        {
            return AuditOutput.Fail($"{summary}: {report.Differences.Count} differences from what the platform decided");
        }

        Console.Out.WriteLine($"OK: {summary}: no difference from what the platform decided");
        return 0;
    }

    internal static List<(string File, byte[] Bytes)> ReadRules(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory}: no such folder");
        }

        var files = Directory.GetFiles(directory, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
        if (files.Count > MaxRuleFiles)
        {
            throw new InvalidDataException($"{directory}: more than {MaxRuleFiles} documents");
        }

        return [.. files.Select(f => new FileInfo(f).Length > MaxRuleBytes
            ? throw new InvalidDataException($"{f}: larger than {MaxRuleBytes} bytes")
            : (f, File.ReadAllBytes(f)))];
    }
}

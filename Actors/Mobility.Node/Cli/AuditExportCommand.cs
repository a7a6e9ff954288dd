using System.ComponentModel;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

/// <summary><c>mobility audit export --data DIR --out OUT</c>: leaves, checkpoint, verifier key, attestations.</summary>
internal sealed class AuditExportCommand : Command<AuditExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("Proof data directory (as written by proof bench or a node).")]
        public string Data { get; init; } = "";

        [CommandOption("--out <OUT>")]
        [Description("Output directory: leaves.txt, checkpoint, platform.vkey, attestations/*.json.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) || string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error("--data DIR and --out OUT are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var s = AuditExport.Export(settings.Data, settings.Out);
            AnsiConsole.WriteLine($"exported {s.Leaves} leaves, checkpoint of size {s.CheckpointSize}, {s.Attestations} attestations to {settings.Out}");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException
            or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine("FAILED: " + e.Message);
            return 1;
        }
    }
}

using System.ComponentModel;
using Mobility.CarpoolProof.Log.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// <c>mobility audit verify-consistency OLD NEW --proof FILE --key platform.vkey</c>: exit 0 when both checkpoints
/// are signed by the key and the proof (one base64 hash per line, RFC 9162 2.1.4 order) shows NEW extends OLD.
/// </summary>
internal sealed class VerifyConsistencyCommand : Command<VerifyConsistencyCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<OLD_CHECKPOINT>")]
        [Description("The older signed checkpoint (C2SP signed note).")]
        public string OldCheckpoint { get; init; } = string.Empty;

        [CommandArgument(1, "<NEW_CHECKPOINT>")]
        [Description("The newer signed checkpoint.")]
        public string NewCheckpoint { get; init; } = string.Empty;

        [CommandOption("--proof <FILE>")]
        [Description("Consistency proof: one base64 SHA-256 hash per line, in RFC 9162 2.1.4 order (empty for equal sizes).")]
        public string Proof { get; init; } = string.Empty;

        [CommandOption("--key <VKEY>")]
        [Description("File holding the verifier key (name+keyid+base64).")]
        public string Key { get; init; } = string.Empty;

        public override ValidationResult Validate() =>
            Proof.Length == 0 ? ValidationResult.Error("--proof FILE is required.")
            : Key.Length == 0 ? ValidationResult.Error("--key platform.vkey is required.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        AuditOutput.Report(LogAudit.VerifyConsistency(settings.OldCheckpoint, settings.NewCheckpoint, settings.Proof, settings.Key));
}

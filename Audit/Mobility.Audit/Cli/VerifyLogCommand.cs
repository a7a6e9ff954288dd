using System.ComponentModel;
using Mobility.CarpoolProof.Log.Audit;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary><c>mobility audit verify-log OUT</c>: exit 0 when the exported leaves hash to the signed checkpoint's root.</summary>
internal sealed class VerifyLogCommand : Command<VerifyLogCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<OUT>")]
        [Description("Folder holding leaves.txt, checkpoint and platform.vkey (as written by 'audit export').")]
        public string Directory { get; init; } = string.Empty;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        AuditOutput.Report(LogAudit.VerifyLogDirectory(settings.Directory));
}

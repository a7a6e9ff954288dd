using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

internal sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Campaign document (JSON) or the name of a shipped campaign.")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var doc = CampaignInput.LoadOrReport(settings.File);
        if (doc is null)
        {
            return 1;
        }
        AnsiConsole.MarkupLineInterpolated($"[green]valid[/] {doc.Id} '{doc.Name}' ({doc.Validity.Start:yyyy-MM-dd} to {doc.Validity.End?.ToString("yyyy-MM-dd") ?? "open"}), sha256 {doc.Sha256Hex}");
        return 0;
    }
}

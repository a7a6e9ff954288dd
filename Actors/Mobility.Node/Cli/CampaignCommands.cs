using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class CampaignCommands
{
    /// <summary>Registers the <c>campaign</c> commands.</summary>
    public static IConfigurator AddCampaignCommands(this IConfigurator config) => config;
}

using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class MatchCommands
{
    /// <summary>Registers the <c>match</c> commands.</summary>
    public static IConfigurator AddMatchCommands(this IConfigurator config) => config;
}

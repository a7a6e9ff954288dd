using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class ServeCommands
{
    /// <summary>Registers the <c>serve</c> commands.</summary>
    public static IConfigurator AddServeCommands(this IConfigurator config) => config;
}

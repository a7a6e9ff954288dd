using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class SimulateCommands
{
    /// <summary>Registers the <c>simulate</c> commands.</summary>
    public static IConfigurator AddSimulateCommands(this IConfigurator config) => config;
}

using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class RouteCommands
{
    /// <summary>Registers the <c>route</c> commands.</summary>
    public static IConfigurator AddRouteCommands(this IConfigurator config) => config;
}

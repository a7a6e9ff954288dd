using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class CityCommands
{
    /// <summary>Registers the <c>city</c> commands.</summary>
    public static IConfigurator AddCityCommands(this IConfigurator config) => config;
}

using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class AuditCommands
{
    /// <summary>Registers the <c>audit</c> commands.</summary>
    public static IConfigurator AddAuditCommands(this IConfigurator config) => config;
}

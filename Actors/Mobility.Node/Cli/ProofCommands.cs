using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class ProofCommands
{
    /// <summary>Registers the <c>proof</c> commands.</summary>
    public static IConfigurator AddProofCommands(this IConfigurator config) => config;
}

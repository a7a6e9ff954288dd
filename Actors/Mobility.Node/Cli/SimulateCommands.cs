using Mobility.Node.Cli.Simulate;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class SimulateCommands
{
    /// <summary>Registers the <c>simulate</c> commands.</summary>
    public static IConfigurator AddSimulateCommands(this IConfigurator config)
    {
        config.AddBranch("simulate", simulate =>
        {
            simulate.SetDescription("Load against a running node.");
            simulate.AddCommand<SimulateDeclarationsCommand>("declarations")
                .WithDescription("Signed carpool declarations over HTTP: throughput and p50/p95/p99 latency.");
        });
        return config;
    }
}

using Mobility.Node.Cli.Simulate;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class SimulateCommands
{
    /// <summary>Registers the <c>simulate</c> commands (one file each under Cli/Simulate).</summary>
    public static IConfigurator AddSimulateCommands(this IConfigurator config)
    {
        config.AddBranch("simulate", simulate =>
        {
            simulate.SetDescription("Load a running node with synthetic requests and measure it.");
            simulate.AddCommand<SimulatePlanCommand>("plan")
                .WithDescription("Random GET /plan requests inside the city's bounds: requests/s and p50/p95/p99 latency.");
            simulate.AddCommand<SimulateDeclarationsCommand>("declarations")
                .WithDescription("Signed carpool declarations over HTTP: throughput and p50/p95/p99 latency.");
        });
        return config;
    }
}

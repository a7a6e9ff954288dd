using Mobility.Node.Cli.Simulate;
using Spectre.Console.Cli;

namespace Mobility.Simulation.Day.Load;

/// <summary>
/// The HTTP load drivers (moved from the node's executable, which no longer carries tools): random <c>/plan</c>
/// requests and signed declarations against a running node. Their classes keep the Mobility.Node.Cli.Simulate
/// namespace from before the move (a rename is left for when the branches that edit them have merged).
/// </summary>
internal static class SimulateCommands
{
    /// <summary>Adds <c>simulate plan</c> and <c>simulate declarations</c> (one file each in this folder).</summary>
    public static IConfigurator<CommandSettings> AddLoadCommands(this IConfigurator<CommandSettings> simulate)
    {
        simulate.AddCommand<SimulatePlanCommand>("plan")
            .WithDescription("Random GET /plan requests inside the city's bounds: requests/s and p50/p95/p99 latency.");
        simulate.AddCommand<SimulateDeclarationsCommand>("declarations")
            .WithDescription("Signed carpool declarations over HTTP: throughput and p50/p95/p99 latency.");
        return simulate;
    }
}

using Mobility.Node.Cli.Match;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal static class MatchCommands
{
    /// <summary>Registers the <c>match</c> commands.</summary>
    public static IConfigurator AddMatchCommands(this IConfigurator config)
    {
        config.AddBranch("match", match =>
        {
            match.SetDescription("Carpool matching (OR-Tools PDPTW) and the Li & Lim benchmark.");
            match.AddCommand<LiLimCommand>("lilim")
                .WithDescription("Solve a Li & Lim PDPTW instance; print vehicles, distance, best-known and gap.");
            match.AddCommand<CheckLiLimCommand>("check-lilim")
                .WithDescription("Check a routes file (one vehicle per line, task ids) against a Li & Lim instance.");
            match.AddCommand<BenchLiLimCommand>("bench-lilim")
                .WithDescription("Solve every Li & Lim instance of a folder and print the quality table.");
            match.AddCommand<BenchCarpoolCommand>("bench-carpool")
                .WithDescription("Match generated drivers and riders in a synthetic city; print served, detours, time, memory.");
        });
        return config;
    }
}

using Mobility.Simulation.Day.Load;
using Spectre.Console.Cli;

namespace Mobility.Simulation.Day.Cli;

/// <summary>
/// <c>mobility-sim</c>, the simulation tools executable: <c>simulate day</c> and the HTTP load drivers
/// (<c>simulate plan</c>, <c>simulate declarations</c>). The repository's <c>./mobility</c> forwards
/// <c>./mobility simulate ...</c> here, so the node's executable never references the simulation
/// (docs/simulation.md, "Where the command lives").
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("mobility-sim");
            config.UseStrictParsing();
            config.AddBranch("simulate", simulate =>
            {
                simulate.SetDescription("Simulated days of a territory and load on a running node, through its public HTTP API.");
                simulate.AddCommand<SimulateDayCommand>("day")
                    .WithDescription("A day of the territory from a JSON scenario: population, demand, carpool, campaigns, fraud; writes DIR/report.html; a failed ledger check exits 1.")
                    .WithExample("simulate", "day", "--scenario", "Simulation/Day/scenarios/town.json", "--out", "out/town");
                simulate.AddLoadCommands();
            });
        });
        return app.RunAsync(args);
    }
}

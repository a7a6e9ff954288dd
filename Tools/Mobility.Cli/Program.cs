using Mobility.Node.Cli;
using Spectre.Console.Cli;

namespace Mobility.Cli;

/// <summary>
/// The <c>mobility</c> command line: routing, matching, city, campaign, ticket, proof and benchmark tools, run in
/// process on the libraries. Serving is the server's (<c>mobility-node serve</c>), the offline audit the verifier's
/// (<c>mobility-audit</c>), load over HTTP the simulation's (<c>mobility-sim simulate</c>); the root <c>mobility</c>
/// script sends each command to its executable. The command classes keep their Mobility.Node.Cli namespace from
/// before the split (a rename is left for when the branches that edit them have merged).
/// </summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        if (Elsewhere(args) is { } owner)
        {
            Console.Error.WriteLine($"mobility: {args[0]} is {owner}; the repository's ./mobility script runs it there.");
            return Task.FromResult(UsageErrors.ExitCode);
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config);
            config.SetExceptionHandler((e, _) => UsageErrors.Handle(e, args, HelpFor));
        });
        return app.RunAsync(args);
    }

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("mobility");
        config.UseStrictParsing(); // an unknown option is an error, never silently ignored.
        config.AddCityCommands();
        config.AddRouteCommands();
        config.AddProofCommands();
        config.AddAuditCommands();
        config.AddMatchCommands();
        config.AddCampaignCommands();
        config.AddTicketCommands();
    }

    /// <summary>The executable that owns a command this tool does not carry, or null when the command is this tool's (or unknown).</summary>
    private static string? Elsewhere(string[] args) => args switch
    {
        ["serve" or "keys", ..] => "the server's command (mobility-node, project Actors/Mobility.Node)",
        ["simulate", ..] => "the simulation's command (mobility-sim, project Simulation/Day)",
        ["audit", var verb, ..] when verb is not ("verify-clearing" or "bench-log") && !verb.StartsWith('-') =>
            "the verifier's command (mobility-audit, project Audit/Mobility.Audit)",
        _ => null,
    };

    /// <summary>Prints the help of the command a refused command line was aimed at.</summary>
    private static int HelpFor(string[] args)
    {
        var help = new CommandApp();
        help.Configure(Configure);
        return help.Run(args);
    }
}

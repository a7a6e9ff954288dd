using Mobility.Node.Cli;
using Spectre.Console.Cli;

namespace Mobility.Node;

/// <summary>The <c>mobility</c> command line: <c>serve</c> (the default) runs a node; the other branches are tools.</summary>
public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var app = new CommandApp();
        app.SetDefaultCommand<ServeCommand>(); // `mobility` alone serves.
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
        config.UseStrictParsing(); // an unknown option is an error, never silently ignored (serve --port 5091 ran on 5080).
        config.AddServeCommands();
        config.AddCityCommands();
        config.AddRouteCommands();
        config.AddProofCommands();
        config.AddAuditCommands();
        config.AddMatchCommands();
        config.AddCampaignCommands();
        config.AddSimulateCommands();
        config.AddKeysCommands();
        config.AddTicketCommands();
    }

    /// <summary>Prints the help of the command a refused command line was aimed at.</summary>
    private static int HelpFor(string[] args)
    {
        var help = new CommandApp();
        help.SetDefaultCommand<ServeCommand>();
        help.Configure(Configure);
        return help.Run(args);
    }
}

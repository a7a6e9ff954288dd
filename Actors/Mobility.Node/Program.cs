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
            config.SetApplicationName("mobility");
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
        });
        return app.RunAsync(args);
    }
}

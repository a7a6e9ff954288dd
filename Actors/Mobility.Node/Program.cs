using Mobility.Node.Cli;
using Spectre.Console.Cli;

namespace Mobility.Node;

/// <summary>
/// The server's command line (<c>mobility-node</c>): <c>serve</c> (the default) runs a node; <c>keys</c> is what an
/// operator runs beside it (API keys, the platform key of a stopped node's folder). The tools are elsewhere:
/// Tools/Mobility.Cli (<c>mobility</c>), Audit/Mobility.Audit, Simulation/Day; the root <c>mobility</c> script dispatches.
/// </summary>
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
        config.SetApplicationName("mobility-node");
        config.UseStrictParsing(); // an unknown option is an error, never silently ignored (serve --port 5091 ran on 5080).
        config.AddServeCommands();
        config.AddKeysCommands();
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

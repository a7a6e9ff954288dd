using Mobility.Audit.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit;

/// <summary>
/// <c>mobility-audit</c>: the offline verifier. The same verbs as the node's <c>mobility audit ...</c> (both register
/// <see cref="AuditVerbs"/> under <c>audit</c>), so <c>mobility-audit verify-log OUT</c> and <c>mobility audit
/// verify-log OUT</c> answer the same line and exit code; <c>mobility-audit audit verify-log OUT</c> is the same
/// command, so the <c>./mobility</c> script forwards its command line unchanged.
/// </summary>
public static class Program
{
    /// <summary>Exit code of a refused command line (an unknown option, a missing value), as the node's.</summary>
    public const int UsageError = 2;

    public static Task<int> Main(string[] args)
    {
        if (args is not ["audit", ..])
        {
            args = ["audit", .. args];
        }

        var app = new CommandApp();
        app.Configure(config =>
        {
            Configure(config);
            config.SetExceptionHandler((e, _) => Refuse(e, args));
        });
        return app.RunAsync(args);
    }

    private static void Configure(IConfigurator config)
    {
        config.SetApplicationName("mobility-audit");
        config.UseStrictParsing();
        config.AddBranch("audit", audit =>
        {
            audit.SetDescription("Offline audit: re-check published logs, checkpoints, proofs and decisions without trusting the platform.");
            AuditVerbs.Add(audit);
        });
    }

    private static int Refuse(Exception e, string[] args)
    {
        if (e is CommandRuntimeException && e is not CommandParseException)
        {
            // A command's own validation refused its settings ("--rules DIR is required"): one line, exit 2, as the node.
            Console.Error.WriteLine($"mobility-audit: {e.Message.TrimEnd('.')}; see --help.");
            return UsageError;
        }

        if (e is not CommandParseException)
        {
            AnsiConsole.WriteException(e, ExceptionFormats.ShortenEverything);
            return -1;
        }

        Console.Error.WriteLine($"mobility-audit: {e.Message.TrimEnd('.')}; the valid options follow.");
        var help = new CommandApp();
        help.Configure(Configure);
        var path = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        try
        {
            help.Run([.. path, "--help"]);
        }
        catch (CommandParseException)
        {
            help.Run(["--help"]);
        }

        return UsageError;
    }
}

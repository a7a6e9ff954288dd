using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

/// <summary>
/// A command line the parser refuses (an unknown option, a missing value) is answered with one line naming the
/// problem, then the command's help, which lists every valid option; exit code 2 as for other usage errors, among them
/// a command's own validation of its settings (a required option left out).
/// Any other failure keeps Spectre's default rendering.
/// </summary>
internal static class UsageErrors
{
    public const int ExitCode = 2;

    public static int Handle(Exception e, IReadOnlyList<string> args, Func<string[], int> showHelp)
    {
        if (e is CommandRuntimeException && e is not CommandParseException)
        {
            // A command's own validation refused its settings ("--rules DIR is required"): one line, exit 2.
            Console.Error.WriteLine($"mobility: {e.Message.TrimEnd('.')}; see --help.");
            return ExitCode;
        }

        if (e is not CommandParseException)
        {
            AnsiConsole.WriteException(e, ExceptionFormats.ShortenEverything);
            return -1;
        }

        Console.Error.WriteLine($"mobility: {e.Message.TrimEnd('.')}; the valid options follow.");
        var path = args.TakeWhile(a => !a.StartsWith('-')).ToList();
        int shown;
        try
        {
            shown = showHelp([.. path, "--help"]);
        }
        catch (CommandParseException)
        {
            shown = -1;
        }

        if (shown != 0)
        {
            // The path itself is not a command (an unknown command, a stray value): the top-level help lists the commands.
            showHelp(["--help"]);
        }

        return ExitCode;
    }
}

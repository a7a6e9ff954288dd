using System.ComponentModel;
using System.Globalization;
using Mobility.Routing.Matching.Checking;
using Mobility.Routing.Matching.LiLim;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Match;

internal sealed class CheckLiLimCommand : Command<CheckLiLimCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("Li & Lim instance file.")]
        public string File { get; init; } = string.Empty;

        [CommandArgument(1, "<ROUTES>")]
        [Description("Routes file: one line per vehicle, task ids in visiting order, depot left out.")]
        public string Routes { get; init; } = string.Empty;
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var instance = LiLimParser.ParseFile(settings.File);
            var routes = new List<IReadOnlyList<int>>();
            var lineNo = 0;
            foreach (var line in File.ReadLines(settings.Routes))
            {
                lineNo++;
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length == 0) continue;
                var route = new int[fields.Length];
                for (var i = 0; i < fields.Length; i++)
                {
                    if (!int.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out route[i]))
                        throw new FormatException($"{settings.Routes}:{lineNo}: field {i + 1}: '{fields[i]}' is not a task id");
                }

                routes.Add(route);
            }

            var violations = SolutionChecker.CheckLiLim(instance, routes);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"vehicles {routes.Count}, distance {instance.RouteDistance(routes):F2}"));
            foreach (var v in violations) Console.WriteLine(v.ToString());
            Console.WriteLine(violations.Count == 0 ? "check ok" : $"check failed: {violations.Count} violations");
            return violations.Count == 0 ? 0 : 1;
        }
        catch (Exception e) when (e is FormatException or IOException)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
            return 2;
        }
    }
}

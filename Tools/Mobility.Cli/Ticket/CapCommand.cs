using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mobility.Ticketing;
using Mobility.Ticketing.Capping;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket cap</c>: the CSV contract of issue 14, which other tools rely on.</summary>
internal sealed class CapCommand : Command<CapCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--scheme <SCHEME>")]
        [Description("tfl-2025, omny-2026, opal-2025, navigo-2025, or a scheme file (JSON, docs/ticketing.md)")]
        public string Scheme { get; init; } = "";

        [CommandOption("--taps <FILE>")]
        [Description("taps.csv: id,time,medium,fare,tier (time ISO-8601 with offset, fare in minor units)")]
        public string Taps { get; init; } = "";

        [CommandOption("--out <FILE>")]
        [Description("charges.csv: id,charged in the input's order")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            Scheme.Length == 0 || Taps.Length == 0 || Out.Length == 0
                ? ValidationResult.Error("--scheme, --taps and --out are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var scheme = CapSchemes.Load(settings.Scheme);
            var taps = TapCsv.ReadFile(settings.Taps, scheme);
            var charges = new CappingEngine(scheme).Charge(taps);

            // Written beside the target then moved, so a failure never leaves a half-written charges file.
            var temp = settings.Out + ".tmp";
            using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
            {
                TapCsv.WriteCharges(writer, taps, charges);
            }

            File.Move(temp, settings.Out, overwrite: true);
            var fares = taps.Sum(t => t.Fare);
            var charged = charges.Sum();
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{scheme.Id}: {taps.Count} taps on {taps.Select(t => t.Medium).Distinct(StringComparer.Ordinal).Count()} media, fares {fares} charged {charged} (minor units of {scheme.Currency}) -> {settings.Out}"));
            return 0;
        }
        catch (TicketingInputException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine("error: " + ex.Message);
            return 1;
        }
    }
}

using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Ticketing;
using Mobility.Ticketing.Clearing;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket clear</c>: a period's clearing under a published policy: TOMP journal entries and a statement.</summary>
internal sealed class ClearCommand : Command<ClearCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--policy <POLICY>")]
        [Description("standalone-fare-1.0.0, passenger-km-1.0.0, fixed-plus-distance-1.0.0, or a policy file (JSON)")]
        public string Policy { get; init; } = "";

        [CommandOption("--tickets <FILE>")]
        [Description("ticket_id,revenue,currency,operator,mode,standalone_fare,distance_m,used_s (one row per leg)")]
        public string Tickets { get; init; } = "";

        [CommandOption("--period <PERIOD>")]
        [Description("the period the statement covers, e.g. 2026-12")]
        public string Period { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("folder for journal.json (TOMP journal entries) and statement.json")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            Policy.Length == 0 || Tickets.Length == 0 || Period.Length is 0 or > 32 || Out.Length == 0
                ? ValidationResult.Error("--policy, --tickets, --period and --out are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var policy = File.Exists(settings.Policy)
                ? ApportionmentPolicy.Parse(File.ReadAllBytes(settings.Policy), settings.Policy)
                : ApportionmentPolicy.Shipped(settings.Policy);
            if (!File.Exists(settings.Tickets))
            {
                throw new TicketingInputException(settings.Tickets, 0, null, "no such file");
            }

            List<ClearingTicket> tickets;
            using (var reader = new StreamReader(settings.Tickets))
            {
                tickets = ClearingCsv.Read(reader, Path.GetFileName(settings.Tickets));
            }

            var journal = new JsonArray();
            var statement = ClearingStatement.Clear(policy, settings.Period, tickets, e => journal.Add(ClearingStatement.Tomp(e)));
            Directory.CreateDirectory(settings.Out);
            File.WriteAllText(Path.Combine(settings.Out, "journal.json"), journal.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.WriteAllText(Path.Combine(settings.Out, "statement.json"), statement.ToJson() + "\n");
            Console.Out.WriteLine($"{policy.Id} {policy.Version} sha256:{policy.Sha256}");
            Console.Out.WriteLine($"{statement.Tickets} tickets, revenue {statement.Revenue} ({statement.Currency} minor units), {journal.Count} journal entries, statement sha256:{statement.Sha256}");
            foreach (var o in statement.Operators)
            {
                Console.Out.WriteLine($"  {o.Operator,-16} {o.Legs,8} legs {o.Amount,12} ({o.AmountExVat} excl. VAT)");
            }

            return 0;
        }
        catch (Exception ex) when (ex is TicketingInputException or ArgumentException)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
    }
}

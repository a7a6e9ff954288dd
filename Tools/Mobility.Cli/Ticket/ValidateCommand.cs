using System.ComponentModel;
using Mobility.Ticketing;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket validate</c>: the offline validator on one ticket; exit 0 when valid, 3 with the reason when not.</summary>
internal sealed class ValidateCommand : Command<ValidateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TICKET_FILE>")]
        [Description("the ticket: COSE_Sign1 bytes or the QR text (MT1:...)")]
        public string Ticket { get; init; } = "";

        [CommandOption("--keys <KEYLIST>")]
        [Description("the trusted key list (JSON)")]
        public string Keys { get; init; } = "";

        [CommandOption("--at <TIME>")]
        [Description("the validation time, ISO-8601 (UTC when no offset is given; default now)")]
        public string? At { get; init; }

        [CommandOption("--operator <ID>")]
        [Description("the validator's operator (default: any leg)")]
        public string? Operator { get; init; }

        [CommandOption("--area <ID>")]
        [Description("the validator's area or network")]
        public string? Area { get; init; }

        [CommandOption("--deny <FILE>")]
        [Description("deny list: one ticket id (hex) a line")]
        public string? Deny { get; init; }

        [CommandOption("--skew-seconds <N>")]
        [Description("clock skew allowed (default 120)")]
        public int SkewSeconds { get; init; } = 120;

        public override ValidationResult Validate() =>
            Keys.Length == 0 || SkewSeconds is < 0 or > 3600
                ? ValidationResult.Error("--keys is required; --skew-seconds in [0, 3600]")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            if ((ValidatorInputs.At(settings.At, out var now) ?? ValidatorInputs.File(settings.Ticket, 16 * 1024, "16 KiB")) is { } refusal)
            {
                Console.Error.WriteLine("refused: " + refusal);
                return 2;
            }

            var keys = KeyList.ReadFile(settings.Keys);
            var deny = settings.Deny is null
                ? new HashSet<string>()
                : File.ReadLines(settings.Deny).Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).ToHashSet();
            byte[] cose;
            try
            {
                cose = TicketIssuer.ReadTicketBytes(File.ReadAllBytes(settings.Ticket));
            }
            catch (FormatException ex)
            {
                Console.Error.WriteLine("invalid: Malformed: " + ex.Message);
                return 3;
            }

            var options = ValidatorOptions.Default with { ClockSkew = TimeSpan.FromSeconds(settings.SkewSeconds) };
            var validator = new TicketValidator(keys, new FixedClock(now), options, new ReplayStore(), deny);
            var decision = validator.Validate(cose, new ValidationPoint(settings.Operator, settings.Area, "cli"));
            if (!decision.Valid)
            {
                Console.Error.WriteLine($"invalid: {decision.Rejection}: {decision.Reason}");
                return 3;
            }

            var leg = decision.Ticket!.Legs[decision.Leg!.Value];
            Console.Out.WriteLine($"valid: ticket {decision.Ticket.IdHex} leg {decision.Leg} ({leg.Operator} {leg.Area ?? "any area"} {leg.ValidFrom:O} to {leg.ValidUntil:O})");
            return 0;
        }
        catch (TicketingInputException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
    }
}

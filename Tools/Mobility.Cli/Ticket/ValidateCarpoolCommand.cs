using System.ComponentModel;
using System.Globalization;
using Mobility.Ticketing;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary>
/// <c>mobility ticket validate-carpool ATTESTATION --vkey FILE --benefits FILE --operator ID</c>: whether a proven carpool
/// journey rides a connecting transit leg free under a campaign's transit benefit, decided offline. Exit 0 granted,
/// 3 refused (with the reason), 2 input refused.
/// </summary>
internal sealed class ValidateCarpoolCommand : Command<ValidateCarpoolCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<ATTESTATION>")]
        [Description("the journey's attestation (W3C verifiable credential, JSON)")]
        public string Attestation { get; init; } = "";

        [CommandOption("--vkey <FILE>")]
        [Description("the platform's C2SP verifier key (GET /log/keys: vkey)")]
        public string Vkey { get; init; } = "";

        [CommandOption("--benefits <FILE>")]
        [Description("the published campaigns with a transit benefit (GET /tickets/carpool-benefits)")]
        public string Benefits { get; init; } = "";

        [CommandOption("--operator <ID>")]
        [Description("the validator's transit operator")]
        public string? Operator { get; init; }

        [CommandOption("--at <TIME>")]
        [Description("the validation time, ISO-8601 (UTC when no offset is given; default now)")]
        public string? At { get; init; }

        [CommandOption("--skew-seconds <N>")]
        [Description("clock skew allowed (default 120)")]
        public int SkewSeconds { get; init; } = 120;

        public override ValidationResult Validate() =>
            Vkey.Length == 0 || Benefits.Length == 0 || SkewSeconds is < 0 or > 3600
                ? ValidationResult.Error("--vkey and --benefits are required; --skew-seconds in [0, 3600]")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var now = TimeProvider.System.GetUtcNow();
            if (settings.At is { } at && !DateTimeOffset.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now))
            {
                Console.Error.WriteLine($"refused: --at '{at}' is not an ISO-8601 time");
                return 2;
            }

            foreach (var file in new[] { settings.Attestation, settings.Vkey })
            {
                if (!File.Exists(file) || new FileInfo(file).Length > 1 << 20)
                {
                    Console.Error.WriteLine($"refused: {file}: no such file, or larger than 1 MiB");
                    return 2;
                }
            }

            var campaigns = CarpoolBenefitList.ReadFile(settings.Benefits);
            var options = ValidatorOptions.Default with { ClockSkew = TimeSpan.FromSeconds(settings.SkewSeconds) };
            var validator = new CarpoolConnectionValidator(File.ReadAllText(settings.Vkey).Trim(), campaigns, new FixedClock(now), options, new ReplayStore());
            var decision = validator.Validate(File.ReadAllText(settings.Attestation), new ValidationPoint(settings.Operator, null, "cli"));
            if (!decision.Valid)
            {
                Console.Error.WriteLine($"invalid: {decision.Rejection}: {decision.Reason}");
                return 3;
            }

            Console.Out.WriteLine($"valid: {decision.Reason} (journey {decision.Journey!.OperatorId}/{decision.Journey.OperatorJourneyId}, class {decision.Journey.ProofClass}, started {decision.Journey.Start:O})");
            return 0;
        }
        catch (TicketingInputException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
    }
}

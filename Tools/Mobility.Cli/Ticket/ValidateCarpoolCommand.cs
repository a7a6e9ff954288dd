using System.ComponentModel;
using Mobility.Ticketing;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary>
/// <c>mobility ticket validate-carpool ATTESTATION --vkey FILE --benefits FILE --operator ID [--leaves FILE --checkpoint FILE]</c>:
/// whether a proven carpool journey rides a connecting transit leg free under a campaign's transit benefit, decided
/// offline; with the published leaves, a journey revoked since its attestation is refused. Exit 0 granted, 3 refused
/// (with the reason), 2 input refused.
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

        [CommandOption("--leaves <FILE>")]
        [Description("the published log leaves, one base64 leaf a line (audit export leaves.txt): a revoked journey is refused")]
        public string? Leaves { get; init; }

        [CommandOption("--checkpoint <FILE>")]
        [Description("the signed checkpoint the leaves make (GET /log/checkpoint, text/plain); required with --leaves")]
        public string? Checkpoint { get; init; }

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
            var vkey = string.Empty;
            List<byte[]>? leaves = null;
            var refusal = ValidatorInputs.At(settings.At, out var now)
                ?? ValidatorInputs.File(settings.Attestation, 1 << 20, "1 MiB")
                ?? ValidatorInputs.File(settings.Vkey, 1 << 20, "1 MiB")
                ?? ValidatorInputs.Leaves(settings.Leaves, settings.Checkpoint, vkey = File.ReadAllText(settings.Vkey).Trim(), out leaves);
            if (refusal is not null)
            {
                Console.Error.WriteLine("refused: " + refusal);
                return 2;
            }

            var campaigns = CarpoolBenefitList.ReadFile(settings.Benefits);
            var options = ValidatorOptions.Default with { ClockSkew = TimeSpan.FromSeconds(settings.SkewSeconds) };
            var validator = new CarpoolConnectionValidator(vkey, campaigns, new FixedClock(now), options, new ReplayStore(), leaves);
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

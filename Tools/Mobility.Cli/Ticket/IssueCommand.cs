using System.ComponentModel;
using System.Globalization;
using System.Security.Cryptography;
using Mobility.Ticketing.Fares;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket issue</c>: signs a ticket for the legs given (a booking issues the same).</summary>
internal sealed class IssueCommand : Command<IssueCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--key <FILE>")]
        [Description("the signing key (KID.key from ticket keygen)")]
        public string Key { get; init; } = "";

        [CommandOption("--kid <KID>")]
        [Description("its key id (default: the file name without .key)")]
        public string? Kid { get; init; }

        [CommandOption("--issuer <ID>")]
        [Description("issuer (the key list's; default mobility)")]
        public string Issuer { get; init; } = "mobility";

        [CommandOption("--leg <LEG>")]
        [Description("OPERATOR,AREA,FROM_STOP,TO_STOP,VALID_FROM,VALID_UNTIL (empty fields: any); repeat per leg")]
        public string[] Legs { get; init; } = [];

        [CommandOption("--price <AMOUNT_CURRENCY>")]
        [Description("e.g. 410EUR (minor units)")]
        public string? Price { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("the ticket: COSE_Sign1 bytes, or the QR text when the name ends in .txt")]
        public string Out { get; init; } = "";

        [CommandOption("--qr <FILE>")]
        [Description("an SVG QR code of the ticket (error correction Q)")]
        public string? Qr { get; init; }

        public override ValidationResult Validate() =>
            Key.Length == 0 || Out.Length == 0 || Legs.Length is 0 or > TicketClaims.MaxLegs
                ? ValidationResult.Error($"--key, --out and 1 to {TicketClaims.MaxLegs} --leg are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var legs = new List<TicketLeg>();
        foreach (var text in settings.Legs)
        {
            var f = text.Split(',');
            if (f.Length != 6 || f[0].Length == 0
                || !DateTimeOffset.TryParse(f[4], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from)
                || !DateTimeOffset.TryParse(f[5], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var until) || until <= from)
            {
                Console.Error.WriteLine($"refused: --leg '{text}': OPERATOR,AREA,FROM_STOP,TO_STOP,VALID_FROM,VALID_UNTIL with ISO-8601 times, until after from");
                return 2;
            }

            legs.Add(new TicketLeg(f[0], Empty(f[1]), Empty(f[2]), Empty(f[3]), from, until));
        }

        Money? price = null;
        if (settings.Price is { } p)
        {
            if (p.Length < 4 || !long.TryParse(p[..^3], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                Console.Error.WriteLine($"refused: --price '{p}': minor units then the ISO 4217 code, e.g. 410EUR");
                return 2;
            }

            price = new Money(amount, p[^3..]);
        }

        byte[] seed;
        try
        {
            seed = Convert.FromBase64String(File.ReadAllText(settings.Key).Trim());
        }
        catch (Exception ex) when (ex is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"refused: --key {settings.Key}: {ex.Message}");
            return 2;
        }

        if (seed.Length != 32)
        {
            Console.Error.WriteLine($"refused: --key {settings.Key}: not a 32-byte Ed25519 seed");
            return 2;
        }

        var issuer = new TicketIssuer(settings.Kid ?? Path.GetFileNameWithoutExtension(settings.Key), seed);
        var now = TimeProvider.System.GetUtcNow();
        var ticket = new Ticketing.Tickets.Ticket(RandomNumberGenerator.GetBytes(16), settings.Issuer, null, now,
            legs.Min(l => l.ValidFrom), legs.Max(l => l.ValidUntil), legs, price, null);
        var cose = issuer.Issue(ticket);
        if (settings.Out.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        {
            File.WriteAllText(settings.Out, TicketIssuer.QrText(cose) + "\n");
        }
        else
        {
            File.WriteAllBytes(settings.Out, cose);
        }

        var qr = string.Empty;
        if (settings.Qr is not null)
        {
            var (svg, version) = TicketIssuer.QrSvg(cose);
            File.WriteAllText(settings.Qr, svg);
            qr = $", QR version {version} level Q in {settings.Qr}";
        }

        Console.Out.WriteLine($"ticket {ticket.IdHex}: {legs.Count} legs, {cose.Length} bytes, key {issuer.Kid} -> {settings.Out}{qr}");
        return 0;
    }

    private static string? Empty(string s) => s.Length == 0 ? null : s;
}

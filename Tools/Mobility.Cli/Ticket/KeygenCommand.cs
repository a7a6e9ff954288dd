using System.ComponentModel;
using System.Security.Cryptography;
using Mobility.Ticketing;
using Mobility.Ticketing.Tickets;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Ticket;

/// <summary><c>mobility ticket keygen</c>: a new ticket signing key; the key list gets it and retires the active one.</summary>
internal sealed class KeygenCommand : Command<KeygenCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--kid <KID>")]
        [Description("the new key's id (e.g. 2026-12-a)")]
        public string Kid { get; init; } = "";

        [CommandOption("--out <DIR>")]
        [Description("folder for KID.key (the secret seed, base64)")]
        public string Out { get; init; } = "";

        [CommandOption("--keys <KEYLIST>")]
        [Description("the published key list to add the key to (created when missing; default DIR/keys.json)")]
        public string? Keys { get; init; }

        [CommandOption("--issuer <ID>")]
        [Description("issuer of a new key list (default mobility)")]
        public string Issuer { get; init; } = "mobility";

        [CommandOption("--days <N>")]
        [Description("how long the key verifies tickets it signs (default 90)")]
        public int Days { get; init; } = 90;

        public override ValidationResult Validate() =>
            Kid.Length is 0 or > 64 || Out.Length == 0 || Days is < 1 or > 3650
                ? ValidationResult.Error("--kid (1-64 characters) and --out are required; --days in [1, 3650]")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(settings.Out);
            var keysPath = settings.Keys ?? Path.Combine(settings.Out, "keys.json");
            var list = File.Exists(keysPath) ? KeyList.ReadFile(keysPath) : new KeyList(settings.Issuer, []);
            var keyPath = Path.Combine(settings.Out, settings.Kid + ".key");
            if (File.Exists(keyPath) || list.Find(settings.Kid) is not null)
            {
                Console.Error.WriteLine($"refused: key '{settings.Kid}' exists already");
                return 2;
            }

            var seed = RandomNumberGenerator.GetBytes(32);
            var issuer = new TicketIssuer(settings.Kid, seed);
            var now = TimeProvider.System.GetUtcNow();
            list = list.Rotate(settings.Kid, issuer.PublicKey, now, now.AddDays(settings.Days));
            File.WriteAllText(keyPath, Convert.ToBase64String(seed) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.WriteAllText(keysPath, list.ToJson() + "\n");
            Console.Out.WriteLine($"key      {keyPath} (secret)");
            Console.Out.WriteLine($"key list {keysPath}: {string.Join(", ", list.Keys.Select(k => $"{k.Kid} {k.Status.ToString().ToLowerInvariant()}"))}");
            return 0;
        }
        catch (TicketingInputException ex)
        {
            Console.Error.WriteLine("refused: " + ex.Message);
            return 2;
        }
    }
}

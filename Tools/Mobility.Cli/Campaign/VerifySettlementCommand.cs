using System.ComponentModel;
using Mobility.CarpoolProof.Campaigns.Settlement;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary>Offline check: the .csv bytes against the .sig and the platform public key. Exit 0 when it verifies.</summary>
internal sealed class VerifySettlementCommand : Command<VerifySettlementCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<CSV>")]
        [Description("settlement-...csv as written by 'campaign settle'.")]
        public string Csv { get; init; } = "";

        [CommandOption("--sig <FILE>")]
        [Description("Signature file; defaults to the CSV path with .sig.")]
        public string? Sig { get; init; }

        [CommandOption("--key <FILE>")]
        [Description("platform.pub (base64 raw Ed25519 public key).")]
        public string Key { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var canonical = File.ReadAllBytes(settings.Csv);
            var signature = Convert.FromBase64String(File.ReadAllText(settings.Sig ?? Path.ChangeExtension(settings.Csv, ".sig")).Trim());
            var key = Convert.FromBase64String(File.ReadAllText(settings.Key).Trim());
            if (!SettlementVerifier.Verify(canonical, signature, key))
            {
                Console.Error.WriteLine($"{settings.Csv}: signature does NOT verify with key {SettlementVerifier.KeyIdOf(key)}");
                return 2;
            }
            AnsiConsole.WriteLine($"{settings.Csv}: signature verifies (key {SettlementVerifier.KeyIdOf(key)}), log leaf {Convert.ToBase64String(SettlementVerifier.Leaf(canonical))}");
            return 0;
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cannot verify: {e.Message}");
            return 1;
        }
    }
}

using System.ComponentModel;
using Mobility.CarpoolProof.Campaigns.Settlement;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary>Writes DIR/platform.key (base64 of the 32-byte Ed25519 seed) and DIR/platform.pub (base64 raw public key).</summary>
internal sealed class KeygenCommand : Command<KeygenCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <DIR>")]
        [Description("Directory for platform.key and platform.pub.")]
        public string Out { get; init; } = ".";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Out);
        var keyPath = Path.Combine(settings.Out, "platform.key");
        if (File.Exists(keyPath))
        {
            Console.Error.WriteLine($"{keyPath} exists; refusing to overwrite a platform key");
            return 1;
        }
        var (signer, seed) = Ed25519SettlementSigner.Generate();
        using (signer)
        {
            File.WriteAllText(keyPath, Convert.ToBase64String(seed) + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            File.WriteAllText(Path.Combine(settings.Out, "platform.pub"), Convert.ToBase64String(signer.PublicKey) + "\n");
            AnsiConsole.MarkupLineInterpolated($"key id {signer.KeyId}: wrote {keyPath} and platform.pub");
        }
        return 0;
    }
}

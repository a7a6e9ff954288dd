using System.ComponentModel;
using System.Globalization;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Settlement;
using Mobility.CarpoolProof.Log;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary>
/// <c>mobility campaign settle FILE --journeys J --month YYYY-MM --key platform.key --out DIR</c>: for each operator
/// with awards that month, DIR/settlement-CAMPAIGN-OPERATOR-MONTH.csv (the canonical, signed bytes), .sig (base64
/// Ed25519 signature), .json (lines, signature, log leaf) and DIR/platform.pub.
/// </summary>
internal sealed class SettleCommand : Command<SettleCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        public string File { get; init; } = "";

        [CommandOption("--journeys <PATH>")]
        public string Journeys { get; init; } = "";

        [CommandOption("--month <YYYY-MM>")]
        [Description("Month to settle (journey start, campaign timezone); every month with awards when omitted.")]
        public string? Month { get; init; }

        [CommandOption("--key <FILE>")]
        [Description("Platform key: base64 of a 32-byte Ed25519 seed, the same file as the node's DATA/carpool/platform.key and a proof data directory's platform.key (or one from 'campaign keygen').")]
        public string Key { get; init; } = "";

        [CommandOption("--out <DIR>")]
        public string Out { get; init; } = ".";

        [CommandOption("--log <SQLITE>")]
        [Description("Transparency log (SQLite file) where each settlement's leaf is appended; not anchored when omitted.")]
        public string? Log { get; init; }

        [CommandOption("--log-origin <ORIGIN>")]
        [Description("Checkpoint origin of the log.")]
        public string LogOrigin { get; init; } = "mobility.example.org/carpool-log";

        public override ValidationResult Validate() =>
            Journeys.Length == 0 ? ValidationResult.Error("--journeys is required")
            : Key.Length == 0 ? ValidationResult.Error("--key is required")
            : Month is not null && !DateOnly.TryParseExact(Month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                ? ValidationResult.Error($"--month '{Month}' is not YYYY-MM")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
        ExecuteAsync(settings, cancellationToken).GetAwaiter().GetResult();

    private static async Task<int> ExecuteAsync(Settings settings, CancellationToken cancellationToken)
    {
        var doc = CampaignInput.LoadOrReport(settings.File);
        var journeys = CampaignInput.Journeys(settings.Journeys);
        if (doc is null || journeys is null)
        {
            return 1;
        }
        byte[] seed;
        try
        {
            seed = Convert.FromBase64String(File.ReadAllText(settings.Key).Trim());
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{settings.Key}: cannot read the platform key: {e.Message}");
            return 1;
        }
        using var signer = Ed25519SettlementSigner.FromSeed(seed);
        var evaluations = CampaignEngine.Simulate(doc, journeys.Journeys).Evaluations.ToList();
        var months = settings.Month is { } m
            ? [DateOnly.ParseExact(m + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture)]
            : SettlementBuilder.Months(evaluations);
        Directory.CreateDirectory(settings.Out);
        using var log = settings.Log is { } logPath ? TransparencyLog.OpenSqlite(logPath, new TransparencyLogOptions { Origin = settings.LogOrigin }) : null;
        ISettlementAnchor? anchor = log is null ? null : new TransparencyLogAnchor(log);
        File.WriteAllText(Path.Combine(settings.Out, "platform.pub"), Convert.ToBase64String(signer.PublicKey) + "\n");
        var count = 0;
        foreach (var month in months)
        {
            foreach (var s in SettlementBuilder.Monthly(doc, evaluations, month))
            {
                var canonical = SettlementCsv.CanonicalBytes(s);
                var signature = signer.Sign(canonical);
                long? index = anchor is null ? null : await anchor.AnchorAsync(SettlementVerifier.Leaf(canonical), cancellationToken);
                var stem = Path.Combine(settings.Out, s.FileStem);
                File.WriteAllBytes(stem + ".csv", canonical);
                File.WriteAllText(stem + ".sig", Convert.ToBase64String(signature) + "\n");
                File.WriteAllBytes(stem + ".json", SettlementJson.Render(s, canonical, signature, signer, index));
                AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{s.FileStem}: {s.Lines.Count} lines, {s.TotalCents} cents, canonical sha256 {Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical))}{(index is null ? "" : $", log index {index}")}"));
                count++;
            }
        }
        AnsiConsole.WriteLine(log is null
            ? $"{count} settlements signed with key {signer.KeyId} (not anchored: no --log given)"
            : $"{count} settlements signed with key {signer.KeyId} and anchored in {settings.Log} (size {log.Size})");
        return 0;
    }
}

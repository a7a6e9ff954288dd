using System.ComponentModel;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// <c>mobility audit export --data DIR --out OUT</c>: leaves, checkpoint, verifier key, attestations. Read-only and
/// keyless (issue 12): DIR is a node's data folder (its <c>carpool</c> log and the attestations its journal holds,
/// while the node runs or not) or a proof directory written by <c>proof bench</c>; nothing there is created, changed
/// or signed, and everything exported is covered by the latest checkpoint the platform signed.
/// </summary>
internal sealed class AuditExportCommand : Command<AuditExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("A node's data folder, or a proof data directory (as written by proof bench).")]
        public string Data { get; init; } = "";

        [CommandOption("--out <OUT>")]
        [Description("Output directory: leaves.txt, checkpoint, platform.vkey, attestations/*.json.")]
        public string Out { get; init; } = "";

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Data) || string.IsNullOrWhiteSpace(Out)
                ? ValidationResult.Error("--data DIR and --out OUT are required")
                : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        try
        {
            var node = Path.Combine(settings.Data, "carpool");
            var s = File.Exists(Path.Combine(node, ProofDataDirectory.LogFile))
                ? AuditExport.Export(node, settings.Out, NodeJournalAttestations(Path.Combine(settings.Data, "mobility.db")))
                : AuditExport.Export(settings.Data, settings.Out);
            AnsiConsole.WriteLine($"exported {s.Leaves} leaves, checkpoint of size {s.CheckpointSize}, {s.Attestations} attestations to {settings.Out}");
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException
            or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException or Microsoft.Data.Sqlite.SqliteException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("FAILED: " + e.Message);
            return 1;
        }
    }

    /// <summary>
    /// The attestations a node issued, read from its SQLite journal (opened read-only): every journey acceptance event
    /// carries its journey view, attestation included. A node on PostgreSQL is exported from its database the same way
    /// (not done here: this reads the embedded store).
    /// </summary>
    internal static IEnumerable<(long Index, string JourneyKey, string Json)> NodeJournalAttestations(string journal)
    {
        if (!File.Exists(journal))
        {
            yield break;
        }

        using var db = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = journal, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        }.ConnectionString);
        db.Open();
        using var select = db.CreateCommand();
        select.CommandText = "SELECT message FROM journal WHERE manifest = 'carpool.journey-accepted.v1' AND deleted = 0 ORDER BY ordering";
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            using var document = System.Text.Json.JsonDocument.Parse((byte[])reader.GetValue(0));
            var journey = document.RootElement.GetProperty("journey");
            yield return (journey.GetProperty("leafIndex").GetInt64(),
                journey.GetProperty("operatorId").GetString() + "/" + journey.GetProperty("operatorJourneyId").GetString(),
                journey.GetProperty("attestation").GetString()!);
        }
    }
}

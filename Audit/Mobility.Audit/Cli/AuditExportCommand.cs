using System.ComponentModel;
using Mobility.Audit.Export;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Audit.Cli;

/// <summary>
/// <c>mobility audit export --data DIR --out OUT</c>: the log (leaves, checkpoint, verifier key), every attestation,
/// and from a node's journal the declarations its operators sent, the key bindings and the campaigns. Read-only and
/// keyless (issue 12 part 5): DIR is a node's data folder (running or not) or a proof directory written by
/// <c>proof bench</c>; its databases are read from private copies (<see cref="SqliteSnapshot"/>), so nothing in DIR is
/// created, changed or locked, and nothing is signed. Everything exported is covered by the latest checkpoint the
/// platform signed.
/// </summary>
internal sealed class AuditExportCommand : Command<AuditExportCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--data <DIR>")]
        [Description("A node's data folder, or a proof data directory (as written by proof bench).")]
        public string Data { get; init; } = "";

        [CommandOption("--out <OUT>")]
        [Description("Output directory: leaves.txt, checkpoint, platform.vkey, attestations/*.json, journeys.jsonl, bindings.jsonl, campaigns/*.json.")]
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
            var s = Export(settings.Data, settings.Out);
            AnsiConsole.WriteLine(s);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or KeyNotFoundException
            or InvalidOperationException or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException or Microsoft.Data.Sqlite.SqliteException
            or System.Text.Json.JsonException)
        {
            return AuditOutput.Fail(e.Message);
        }
    }

    /// <summary>The export; answers the line the command prints.</summary>
    internal static string Export(string data, string outDirectory)
    {
        var node = Path.Combine(data, "carpool");
        var proofs = File.Exists(Path.Combine(node, ProofDataDirectory.LogFile)) ? node : data;
        if (Path.GetFullPath(outDirectory).StartsWith(Path.GetFullPath(data) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new IOException($"{outDirectory} is inside {data}: the export writes nothing in the folder it reads");
        }

        using var snapshot = new SqliteSnapshot();
        var vkey = Path.Combine(proofs, ProofDataDirectory.VkeyFile);
        if (!File.Exists(vkey) || !File.Exists(Path.Combine(proofs, ProofDataDirectory.LogFile)))
        {
            throw new FileNotFoundException($"no log in {data} ({ProofDataDirectory.VkeyFile} and {ProofDataDirectory.LogFile} are needed, in it or in its carpool folder)");
        }

        snapshot.CopyFile(vkey);
        snapshot.CopyDatabase(Path.Combine(proofs, ProofDataDirectory.LogFile));
        var store = Path.Combine(proofs, ProofStore.FileName);
        if (File.Exists(store))
        {
            snapshot.CopyDatabase(store);
        }

        var journalFile = Path.Combine(data, "mobility.db");
        if (proofs != node || !File.Exists(journalFile))
        {
            var bench = AuditExport.Export(snapshot.Folder, outDirectory);
            return $"exported {bench.Leaves} leaves, checkpoint of size {bench.CheckpointSize}, {bench.Attestations} attestations to {outDirectory}";
        }

        using var journal = SqliteSnapshot.OpenCopy(snapshot.CopyDatabase(journalFile));
        var log = AuditExport.Export(snapshot.Folder, outDirectory, NodeExport.Attestations(journal));
        var n = NodeExport.Write(journal, outDirectory, log.CheckpointSize);
        return $"exported {log.Leaves} leaves, checkpoint of size {log.CheckpointSize}, {log.Attestations} attestations, {n.Journeys} journeys "
            + $"({n.WithDeclaration} with their declaration), {n.Bindings} key bindings, {n.Campaigns} campaigns to {outDirectory}";
    }
}

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

        [CommandOption("--postgres <CONNECTION>")]
        [Description("The node stores in PostgreSQL: its connection string, or env:VAR to read it from a variable (kept out of the process list). Read in one read-only transaction.")]
        public string? Postgres { get; init; }

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
            var s = settings.Postgres is { } postgres ? ExportPostgres(settings.Data, ConnectionString(postgres), settings.Out) : Export(settings.Data, settings.Out);
            AnsiConsole.WriteLine(s);
            return 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException or KeyNotFoundException
            or InvalidOperationException or Mobility.CarpoolProof.Log.Storage.LogStoreCorruptException or Microsoft.Data.Sqlite.SqliteException
            or System.Text.Json.JsonException or Npgsql.NpgsqlException or ArgumentException)
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
        using var log = SqliteSnapshot.OpenCopy(Path.Combine(snapshot.Folder, ProofDataDirectory.LogFile));
        // Openings are copied after the log: a leaf in the copied log had its opening stored before it was appended.
        var openingsFile = Path.Combine(node, LeafOpeningStore.FileName);
        Dictionary<string, LeafOpening> openings = [];
        if (File.Exists(openingsFile))
        {
            using var copy = SqliteSnapshot.OpenCopy(snapshot.CopyDatabase(openingsFile));
            openings = LeafOpeningStore.ReadAll(copy, "leaf_opening");
        }

        return Write(new NodeJournal.Store(journal), log, null, LogExport.Tables.Sqlite, node, outDirectory, openings);
    }

    /// <summary>
    /// A node on PostgreSQL: its journal and its log (schema <c>tlog</c>) read in one REPEATABLE READ, READ ONLY
    /// transaction, so the log and the journal are read as of one instant and nothing can be written through it; the
    /// verifier key from the data folder (<c>carpool/platform.vkey</c>).
    /// </summary>
    internal static string ExportPostgres(string data, string connectionString, string outDirectory)
    {
        var vkey = Path.Combine(data, "carpool", ProofDataDirectory.VkeyFile);
        if (!File.Exists(vkey))
        {
            throw new FileNotFoundException($"{vkey}: the platform's verifier key is needed (copy it from a node's data folder, or GET /log/keys)");
        }

        using var db = new Npgsql.NpgsqlConnection(connectionString);
        db.Open();
        using var tx = db.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        using (var readOnly = new Npgsql.NpgsqlCommand("SET TRANSACTION READ ONLY", db, tx))
        {
            readOnly.ExecuteNonQuery();
        }

        Dictionary<string, LeafOpening> openings = [];
        using (var exists = new Npgsql.NpgsqlCommand("SELECT to_regclass('tlog.leaf_opening') IS NOT NULL", db, tx))
        {
            if (exists.ExecuteScalar() is true)
            {
                openings = LeafOpeningStore.ReadAll(db, "tlog.leaf_opening", tx);
            }
        }

        var text = Write(new NodeJournal.Store(db, tx), db, tx, LogExport.Tables.Postgres, Path.GetDirectoryName(vkey)!, outDirectory, openings);
        tx.Rollback(); // Nothing was written; the transaction only held the snapshot.
        return text;
    }

    /// <summary>The log and the journal's part; <paramref name="carpool"/> holds the platform's verifier key and the keys rotation retired.</summary>
    private static string Write(NodeJournal.Store journal, System.Data.Common.DbConnection logDb, System.Data.Common.DbTransaction? tx,
        LogExport.Tables tables, string carpool, string outDirectory, IReadOnlyDictionary<string, LeafOpening> openings)
    {
        var retired = PlatformKeyHistory.Read(carpool);
        var vkeys = new List<string> { File.ReadAllText(Path.Combine(carpool, ProofDataDirectory.VkeyFile)) };
        vkeys.AddRange(retired.Reverse().Select(k => k.Vkey));
        var log = LogExport.Write(logDb, tx, tables, vkeys, outDirectory, NodeExport.Attestations(journal).ToList());
        if (retired.Count > 0)
        {
            // What was signed before a rotation verifies with the key of its period.
            File.Copy(Path.Combine(carpool, PlatformKeyHistory.FileName), Path.Combine(outDirectory, PlatformKeyHistory.FileName), overwrite: true);
        }

        var n = NodeExport.Write(journal, outDirectory, log.Leaves);
        var opened = NodeExport.WriteOpenings(AuditExport.ReadLeaves(Path.Combine(outDirectory, Mobility.CarpoolProof.Log.Audit.LogAudit.LeavesFile)), openings, outDirectory);
        return $"exported {log.Leaves} leaves ({opened} sealed, with their openings), checkpoint of size {log.Leaves}, {log.Attestations} attestations, {n.Journeys} journeys "
            + $"({n.WithDeclaration} with their declaration), {n.Batches} batch manifests, {n.Bindings} key bindings, {n.Campaigns} campaigns to {outDirectory}";
    }

    /// <summary>A connection string, or <c>env:VAR</c>: the value of that variable.</summary>
    private static string ConnectionString(string option) =>
        option.StartsWith("env:", StringComparison.Ordinal)
            ? Environment.GetEnvironmentVariable(option[4..]) is { Length: > 0 } value ? value : throw new ArgumentException($"{option[4..]} is not set")
            : option;
}

using System.Text;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// Writes what an authority needs to audit offline: <c>leaves.txt</c> (one base64 leaf per line, log order),
/// <c>checkpoint</c> (the latest checkpoint the platform signed), <c>platform.vkey</c>, and
/// <c>attestations/NNNNNNNNN-operator-journey.json</c>.
/// </summary>
public static class AuditExport
{
    public sealed record Summary(long Leaves, int Attestations, long CheckpointSize);

    /// <summary>
    /// The export, read-only: from a proof directory as it is (a running node's <c>carpool</c> folder included), it
    /// creates, changes and signs nothing and needs no private key. It reads <c>platform.vkey</c>, the latest signed
    /// checkpoint stored in <c>log.db</c> (opened read-only) and the leaves that checkpoint covers, so that everything
    /// exported is verifiable against a signature (leaves appended after it wait for the next checkpoint); attestations
    /// come from <paramref name="attestations"/> (a node's journal) or, when the directory has one, from
    /// <c>proofs.db</c> opened read-only.
    /// </summary>
    public static Summary Export(string proofDirectory, string outDirectory, IEnumerable<(long Index, string JourneyKey, string Json)>? attestations = null)
    {
        var vkeyPath = Path.Combine(proofDirectory, ProofDataDirectory.VkeyFile);
        var logPath = Path.Combine(proofDirectory, ProofDataDirectory.LogFile);
        if (!File.Exists(vkeyPath) || !File.Exists(logPath))
            throw new FileNotFoundException($"no log in {proofDirectory} ({ProofDataDirectory.VkeyFile} and {ProofDataDirectory.LogFile} are needed)");
        var vkey = File.ReadAllText(vkeyPath).Trim();
        var verifier = Log.Notes.NoteVerifier.Parse(vkey);

        using var log = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = logPath, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false,
        }.ConnectionString);
        log.Open();
        string note;
        using (var latest = log.CreateCommand())
        {
            latest.CommandText = "SELECT note FROM tlog_checkpoint ORDER BY size DESC LIMIT 1";
            note = latest.ExecuteScalar() as string
                ?? throw new InvalidDataException($"{logPath}: no signed checkpoint yet, so nothing a verifier could check");
        }

        var size = Log.Notes.Checkpoint.Open(note, verifier).Size;
        Directory.CreateDirectory(outDirectory);
        var attDir = Path.Combine(outDirectory, "attestations");
        Directory.CreateDirectory(attDir);
        long written = 0;
        using (var writer = new StreamWriter(Path.Combine(outDirectory, "leaves.txt"), false, new UTF8Encoding(false)))
        using (var leaves = log.CreateCommand())
        {
            writer.NewLine = "\n";
            leaves.CommandText = "SELECT idx, data FROM tlog_leaf WHERE idx < $size ORDER BY idx";
            leaves.Parameters.AddWithValue("$size", size);
            using var reader = leaves.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt64(0) != written)
                    throw new InvalidDataException($"{logPath}: leaf {written} is missing");
                writer.WriteLine(Convert.ToBase64String((byte[])reader.GetValue(1)));
                written++;
            }
        }

        if (written != size)
            throw new InvalidDataException($"{logPath}: the checkpoint covers {size} leaves, the log holds {written}");
        File.WriteAllText(Path.Combine(outDirectory, "checkpoint"), note, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outDirectory, "platform.vkey"), vkey + "\n");

        var store = Path.Combine(proofDirectory, ProofStore.FileName);
        attestations ??= File.Exists(store) ? StoredAttestations(store) : [];
        var count = 0;
        foreach (var (index, journeyKey, json) in attestations.Where(a => a.Index < size))
        {
            File.WriteAllText(Path.Combine(attDir, $"{index:D9}-{journeyKey.Replace('/', '-')}.json"), json + "\n", new UTF8Encoding(false));
            count++;
        }

        return new Summary(size, count, size);
    }

    private static IEnumerable<(long, string, string)> StoredAttestations(string path)
    {
        using var store = ProofStore.Open(path, readOnly: true);
        foreach (var a in store.Attestations())
        {
            yield return a;
        }
    }

    /// <summary>Reads <c>leaves.txt</c> back; a bad line names its number.</summary>
    public static List<byte[]> ReadLeaves(string path)
    {
        var leaves = new List<byte[]>();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0) continue;
            if (!Log.Notes.NoteKeys.TryDecodeBase64Strict(line, out var leaf))
                throw new InvalidDataException($"{path}:{n}: not base64");
            leaves.Add(leaf);
        }
        return leaves;
    }
}

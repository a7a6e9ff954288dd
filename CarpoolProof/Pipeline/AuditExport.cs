using System.Text;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// Writes what an authority needs to audit offline: <c>leaves.txt</c> (one base64 leaf per line, log order),
/// <c>checkpoint</c> (latest signed checkpoint note, signed now if the stored one is older than the log),
/// <c>platform.vkey</c>, and <c>attestations/NNNNNNNNN-operator-journey.json</c>.
/// </summary>
public static class AuditExport
{
    public sealed record Summary(long Leaves, int Attestations, long CheckpointSize);

    public static Summary Export(string dataDirectory, string outDirectory)
    {
        if (!File.Exists(Path.Combine(dataDirectory, ProofDataDirectory.LogFile)))
            throw new FileNotFoundException($"no log in {dataDirectory} ({ProofDataDirectory.LogFile} missing)");
        using var dir = ProofDataDirectory.OpenOrCreate(dataDirectory);
        using var log = dir.OpenLog();
        using var store = dir.OpenStore();
        Directory.CreateDirectory(outDirectory);
        var attDir = Path.Combine(outDirectory, "attestations");
        Directory.CreateDirectory(attDir);

        var size = log.Size;
        using (var writer = new StreamWriter(Path.Combine(outDirectory, "leaves.txt"), false, new UTF8Encoding(false)))
        {
            writer.NewLine = "\n";
            const int chunk = 4096;
            for (long start = 0; start < size; start += chunk)
                foreach (var leaf in log.Store.ReadLeaves(start, Math.Min(chunk, size - start)))
                    writer.WriteLine(Convert.ToBase64String(leaf));
        }
        var note = log.Store.LatestCheckpoint();
        long checkpointSize;
        if (note is null || Log.Notes.Checkpoint.Open(note, dir.Signer.Verifier).Size != size)
        {
            var signed = log.Checkpoint();
            note = signed.Note;
            checkpointSize = signed.Checkpoint.Size;
        }
        else checkpointSize = size;
        File.WriteAllText(Path.Combine(outDirectory, "checkpoint"), note, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outDirectory, "platform.vkey"), dir.Vkey + "\n");

        var count = 0;
        foreach (var (index, journeyKey, json) in store.Attestations())
        {
            var name = $"{index:D9}-{journeyKey.Replace('/', '-')}.json";
            File.WriteAllText(Path.Combine(attDir, name), json + "\n", new UTF8Encoding(false));
            count++;
        }
        return new Summary(size, count, checkpointSize);
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

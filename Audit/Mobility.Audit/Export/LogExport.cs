using System.Data.Common;
using System.Text;
using Mobility.CarpoolProof.Log.Audit;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.Audit.Export;

/// <summary>
/// The log part of an export from a node's store, SQLite (tables <c>tlog_leaf</c>, <c>tlog_checkpoint</c>) or
/// PostgreSQL (schema <c>tlog</c>: <c>leaf</c>, <c>checkpoint</c>): the latest checkpoint the platform signed, the
/// leaves it covers, the verifier key, and the attestations issued under it. Reads only.
/// </summary>
public static class LogExport
{
    public sealed record Tables(string Leaf, string Checkpoint)
    {
        public static readonly Tables Sqlite = new("tlog_leaf", "tlog_checkpoint");
        public static readonly Tables Postgres = new("tlog.leaf", "tlog.checkpoint");
    }

    public sealed record Summary(long Leaves, int Attestations);

    /// <param name="vkeys">The platform's verifier keys, current first, then those retired by rotation: the latest
    /// checkpoint may have been signed before the last rotation (no leaf appended since), and the export names the key
    /// that signed it as its <c>platform.vkey</c>.</param>
    public static Summary Write(DbConnection db, DbTransaction? tx, Tables tables, IReadOnlyList<string> vkeys, string outDirectory,
        IEnumerable<(long Index, string JourneyKey, string Json)> attestations)
    {
        string note;
        using (var latest = db.CreateCommand())
        {
            latest.Transaction = tx;
            latest.CommandText = $"SELECT note FROM {tables.Checkpoint} ORDER BY size DESC LIMIT 1";
            note = latest.ExecuteScalar() as string ?? throw new InvalidDataException("no signed checkpoint yet, so nothing a verifier could check");
        }

        var (size, vkey) = OpenWithAny(note, vkeys);
        Directory.CreateDirectory(outDirectory);
        long written = 0;
        using (var writer = new StreamWriter(Path.Combine(outDirectory, LogAudit.LeavesFile), false, new UTF8Encoding(false)) { NewLine = "\n" })
        using (var leaves = db.CreateCommand())
        {
            leaves.Transaction = tx;
            leaves.CommandText = $"SELECT idx, data FROM {tables.Leaf} WHERE idx < @size ORDER BY idx";
            var p = leaves.CreateParameter();
            p.ParameterName = "@size";
            p.Value = size;
            leaves.Parameters.Add(p);
            using var reader = leaves.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt64(0) != written)
                {
                    throw new InvalidDataException($"leaf {written} is missing from the log");
                }

                writer.WriteLine(Convert.ToBase64String((byte[])reader.GetValue(1)));
                written++;
            }
        }

        if (written != size)
        {
            throw new InvalidDataException($"the checkpoint covers {size} leaves, the log holds {written}");
        }

        File.WriteAllText(Path.Combine(outDirectory, LogAudit.CheckpointFile), note, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(outDirectory, LogAudit.VerifierKeyFile), vkey + "\n");
        var folder = Path.Combine(outDirectory, "attestations");
        Directory.CreateDirectory(folder);
        var count = 0;
        foreach (var (index, journeyKey, json) in attestations.Where(a => a.Index < size))
        {
            File.WriteAllText(Path.Combine(folder, $"{index:D9}-{journeyKey.Replace('/', '-')}.json"), json + "\n", new UTF8Encoding(false));
            count++;
        }

        return new Summary(size, count);
    }

    private static (long Size, string Vkey) OpenWithAny(string note, IReadOnlyList<string> vkeys)
    {
        NoteException? first = null;
        foreach (var vkey in vkeys.Select(k => k.Trim()))
        {
            try
            {
                return (Checkpoint.Open(note, NoteVerifier.Parse(vkey)).Size, vkey);
            }
            catch (NoteException e)
            {
                first ??= e;
            }
        }

        throw new InvalidDataException("the latest checkpoint is signed by none of the platform's keys: " + first?.Message);
    }
}

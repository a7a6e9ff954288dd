using System.Text;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Log.Audit;

/// <summary>The outcome of an offline check: <see cref="Ok"/>, or the one-line reason it failed.</summary>
public sealed record AuditResult(bool Ok, string Message)
{
    public static AuditResult Pass(string message) => new(true, message);

    public static AuditResult Fail(string message) => new(false, message);
}

/// <summary>
/// Offline checks of a published log, from files only: no database, no network. The files are those of
/// <c>mobility audit export</c>: <c>leaves.txt</c> (one base64 leaf per line, in log order), <c>checkpoint</c> (the
/// signed note) and <c>platform.vkey</c> (the verifier key).
/// </summary>
public static class LogAudit
{
    public const string LeavesFile = "leaves.txt";
    public const string CheckpointFile = "checkpoint";
    public const string VerifierKeyFile = "platform.vkey";

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    /// <summary>Recomputes the root from <c>leaves.txt</c> and checks it, and the leaf count, against the checkpoint signed by the key.</summary>
    public static AuditResult VerifyLogDirectory(string directory)
    {
        try
        {
            var verifier = NoteVerifier.Parse(ReadText(Path.Combine(directory, VerifierKeyFile)));
            var checkpoint = Checkpoint.Open(ReadText(Path.Combine(directory, CheckpointFile)), verifier);
            var range = new CompactRange();
            var failure = ReadLeaves(Path.Combine(directory, LeavesFile), range);
            if (failure is not null)
            {
                return AuditResult.Fail(failure);
            }

            if (range.Count != checkpoint.Size)
            {
                return AuditResult.Fail($"{LeavesFile} holds {range.Count} leaves but the checkpoint is for {checkpoint.Size}.");
            }

            var root = range.RootHash();
            if (!root.AsSpan().SequenceEqual(checkpoint.RootHash))
            {
                return AuditResult.Fail($"Root recomputed from {range.Count} leaves ({Convert.ToBase64String(root)}) differs from the checkpoint's ({Convert.ToBase64String(checkpoint.RootHash)}).");
            }

            return AuditResult.Pass($"OK: {checkpoint.Origin} size {checkpoint.Size} root {Convert.ToBase64String(root)} signed by {verifier.Name}+{verifier.KeyId:x8}.");
        }
        catch (Exception e) when (e is NoteException or IOException or UnauthorizedAccessException or DecoderFallbackException or FormatException)
        {
            return AuditResult.Fail(OneLine(e.Message));
        }
    }

    /// <summary>Checks that the new checkpoint's tree extends the old one's, with a proof file (see <see cref="ProofFile"/>).</summary>
    public static AuditResult VerifyConsistency(string oldCheckpointPath, string newCheckpointPath, string proofPath, string verifierKeyPath)
    {
        try
        {
            var verifier = NoteVerifier.Parse(ReadText(verifierKeyPath));
            var older = OpenCheckpoint(oldCheckpointPath, verifier, "old");
            var newer = OpenCheckpoint(newCheckpointPath, verifier, "new");
            if (!string.Equals(older.Origin, newer.Origin, StringComparison.Ordinal))
            {
                return AuditResult.Fail($"The checkpoints are of different logs ('{older.Origin}' and '{newer.Origin}').");
            }

            if (older.Size > newer.Size)
            {
                return AuditResult.Fail($"The old checkpoint (size {older.Size}) is larger than the new one (size {newer.Size}).");
            }

            var path = ProofFile.Parse(ReadText(proofPath));
            return ProofVerifier.VerifyConsistency(older.Size, newer.Size, older.RootHash, newer.RootHash, path)
                ? AuditResult.Pass($"OK: {newer.Origin} size {newer.Size} extends size {older.Size}.")
                : AuditResult.Fail($"The proof does not show that size {newer.Size} extends size {older.Size}: the log may have been rewritten.");
        }
        catch (Exception e) when (e is NoteException or IOException or UnauthorizedAccessException or DecoderFallbackException or FormatException)
        {
            return AuditResult.Fail(OneLine(e.Message));
        }
    }

    /// <summary>Writes <c>leaves.txt</c>, <c>checkpoint</c> (a fresh signed checkpoint) and <c>platform.vkey</c> of <paramref name="log"/> into <paramref name="directory"/>.</summary>
    public static SignedCheckpoint Export(TransparencyLog log, string directory)
    {
        ArgumentNullException.ThrowIfNull(log);
        Directory.CreateDirectory(directory);
        var checkpoint = log.Checkpoint();
        var utf8 = new UTF8Encoding(false);
        using (var writer = new StreamWriter(Path.Combine(directory, LeavesFile), false, utf8) { NewLine = "\n" })
        {
            foreach (var leaf in log.Store.ReadLeaves(0, checkpoint.Checkpoint.Size))
            {
                writer.Write(Convert.ToBase64String(leaf));
                writer.Write('\n');
            }
        }

        File.WriteAllText(Path.Combine(directory, CheckpointFile), checkpoint.Note, utf8);
        File.WriteAllText(Path.Combine(directory, VerifierKeyFile), log.Verifier!.Encoded + "\n", utf8);
        return checkpoint;
    }

    /// <summary>Streams <c>leaves.txt</c> into <paramref name="range"/>; returns the reason it is malformed, or null.</summary>
    private static string? ReadLeaves(string path, CompactRange range)
    {
        const int MaxLine = 1 << 20;
        if (!File.Exists(path))
        {
            return $"{path}: no such file.";
        }

        // Lines end at "\n" only, so a carriage return stays in the line and fails as non-base64.
        using var reader = new StreamReader(path, StrictUtf8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
        var buffer = new char[1 << 16];
        var line = new StringBuilder();
        long lineNumber = 0;
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            int newline;
            while ((newline = chunk.IndexOf('\n')) >= 0)
            {
                line.Append(chunk[..newline]);
                chunk = chunk[(newline + 1)..];
                lineNumber++;
                var text = line.ToString();
                line.Clear();
                byte[] leaf = [];
                if (text.Length > 0 && !NoteKeys.TryDecodeBase64Strict(text, out leaf))
                {
                    return $"{LeavesFile} line {lineNumber}: not standard base64.";
                }

                range.AddLeaf(leaf);
            }

            line.Append(chunk);
            if (line.Length > MaxLine)
            {
                return $"{LeavesFile} line {lineNumber + 1}: longer than 1 MiB.";
            }
        }

        return line.Length > 0 ? $"{LeavesFile}: the last line does not end in a newline." : null;
    }

    private static Checkpoint OpenCheckpoint(string path, NoteVerifier verifier, string which)
    {
        try
        {
            return Checkpoint.Open(ReadText(path), verifier);
        }
        catch (NoteException e)
        {
            throw new NoteException($"{which} checkpoint: {e.Message}", e);
        }
    }

    private static string ReadText(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new IOException($"{path}: no such file.");
        }

        if (info.Length > 1 << 20)
        {
            throw new IOException($"{path}: larger than 1 MiB.");
        }

        return StrictUtf8.GetString(File.ReadAllBytes(path));
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}

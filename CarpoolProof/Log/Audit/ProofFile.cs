using System.Text;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Log.Audit;

/// <summary>
/// The proof file of <c>mobility audit verify-consistency</c>: one hash per line, each the standard base64 (with
/// padding) of 32 bytes, in the order of RFC 9162 2.1.4; every line ends in "\n"; an empty file is an empty proof.
/// No other content (no comments, no blank lines, no carriage returns).
/// </summary>
public static class ProofFile
{
    /// <summary>A consistency or inclusion proof of a tree below 2^63 leaves has at most this many hashes.</summary>
    public const int MaxHashes = 128;

    /// <summary>The file text of a proof path.</summary>
    public static string Format(IReadOnlyList<byte[]> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = new StringBuilder(path.Count * 45);
        foreach (var hash in path)
        {
            text.Append(Convert.ToBase64String(hash)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Parses a proof file strictly; the message of a failure names the line.</summary>
    public static IReadOnlyList<byte[]> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return [];
        }

        if (text[^1] != '\n')
        {
            throw new FormatException("Proof file: the last line does not end in a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length > MaxHashes)
        {
            throw new FormatException($"Proof file: more than {MaxHashes} hashes.");
        }

        var path = new List<byte[]>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!NoteKeys.TryDecodeBase64Strict(lines[i], out var hash) || hash.Length != TreeHasher.HashSize)
            {
                throw new FormatException($"Proof file line {i + 1}: not the base64 of a 32-byte hash.");
            }

            path.Add(hash);
        }

        return path;
    }

    /// <summary>Writes the consistency proof between sizes <paramref name="first"/> and <paramref name="second"/> of <paramref name="log"/> to <paramref name="path"/>.</summary>
    public static ConsistencyProof WriteConsistencyProof(TransparencyLog log, long first, long second, string path)
    {
        ArgumentNullException.ThrowIfNull(log);
        var proof = log.ProveConsistency(first, second);
        File.WriteAllText(path, Format(proof.Path), new UTF8Encoding(false));
        return proof;
    }
}

using System.Globalization;

namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>
/// A C2SP tlog-checkpoint (c2sp.org/tlog-checkpoint): the log's origin line, the tree size in decimal, the base64
/// root hash, then optional non-empty extension lines, each line ending in a newline. It is the text of a signed note.
/// </summary>
public sealed record Checkpoint
{
    public Checkpoint(string origin, long size, byte[] rootHash, IReadOnlyList<string>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(rootHash);
        if (origin.Length == 0 || origin.Any(c => c < 0x20))
        {
            throw new NoteException("Checkpoint origin must be a non-empty line.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (rootHash.Length != TreeHasher.HashSize)
        {
            throw new NoteException("Checkpoint root hash must be 32 bytes.");
        }

        extensions ??= [];
        if (extensions.Any(e => e.Length == 0 || e.Any(c => c < 0x20)))
        {
            throw new NoteException("Checkpoint extension lines must be non-empty single lines.");
        }

        Origin = origin;
        Size = size;
        RootHash = rootHash;
        Extensions = extensions;
    }

    public string Origin { get; }

    public long Size { get; }

    public byte[] RootHash { get; }

    public IReadOnlyList<string> Extensions { get; }

    /// <summary>The checkpoint text (the body of the signed note).</summary>
    public string ToText()
    {
        var text = $"{Origin}\n{Size.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";
        return Extensions.Count == 0 ? text : text + string.Concat(Extensions.Select(e => e + "\n"));
    }

    /// <summary>Parses checkpoint text strictly: decimal size without sign or leading zeros, standard base64 of 32 bytes.</summary>
    public static Checkpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new NoteException("Malformed checkpoint: it must end in a newline.");
        }

        var lines = text[..^1].Split('\n');
        if (lines.Length < 3)
        {
            throw new NoteException("Malformed checkpoint: expected origin, tree size and root hash lines.");
        }

        var origin = lines[0];
        if (origin.Length == 0)
        {
            throw new NoteException("Malformed checkpoint: empty origin line.");
        }

        var sizeText = lines[1];
        if (sizeText.Length == 0 || sizeText.Length > 19 || !sizeText.All(char.IsAsciiDigit) || (sizeText.Length > 1 && sizeText[0] == '0')
            || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            throw new NoteException($"Malformed checkpoint: tree size '{sizeText}' is not a decimal number.");
        }

        if (!NoteKeys.TryDecodeBase64Strict(lines[2], out var root) || root.Length != TreeHasher.HashSize)
        {
            throw new NoteException("Malformed checkpoint: root hash is not base64 of 32 bytes.");
        }

        var extensions = lines[3..];
        if (extensions.Any(e => e.Length == 0))
        {
            throw new NoteException("Malformed checkpoint: empty extension line.");
        }

        return new Checkpoint(origin, size, root, extensions);
    }

    /// <summary>
    /// Opens a signed checkpoint note with <paramref name="verifier"/> and parses its text; the origin must be
    /// <paramref name="expectedOrigin"/> when given.
    /// </summary>
    public static Checkpoint Open(string note, NoteVerifier verifier, string? expectedOrigin = null)
    {
        var opened = SignedNote.Open(note, [verifier]);
        var checkpoint = Parse(opened.Text);
        if (expectedOrigin is not null && !string.Equals(checkpoint.Origin, expectedOrigin, StringComparison.Ordinal))
        {
            throw new NoteException($"Checkpoint origin '{checkpoint.Origin}' is not the expected '{expectedOrigin}'.");
        }

        return checkpoint;
    }

    /// <summary>Signs this checkpoint as a C2SP signed note.</summary>
    public string Sign(NoteSigner signer) => SignedNote.Sign(ToText(), signer);
}

/// <summary>A checkpoint with its signed note text.</summary>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Note);

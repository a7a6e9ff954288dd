using System.Buffers.Binary;
using System.Text;

namespace Mobility.CarpoolProof.Log.Notes;

/// <summary>A signature line of a note: key name, key ID and the 64-byte Ed25519 signature.</summary>
public sealed record NoteSignature(string Name, uint KeyId, byte[] Signature);

/// <summary>A note whose signature by at least one trusted key verified.</summary>
/// <param name="Text">The signed text, ending in a newline.</param>
/// <param name="Verified">Signatures by the given verifiers, all valid.</param>
/// <param name="Unverified">Signatures by keys not given (ignored, as C2SP signed-note requires).</param>
public sealed record OpenedNote(string Text, IReadOnlyList<NoteSignature> Verified, IReadOnlyList<NoteSignature> Unverified);

/// <summary>
/// C2SP signed-note (c2sp.org/signed-note): the text, a blank line, then one line per signature
/// <c>— name base64(keyid || signature)</c>, each ending in a newline. The signed message is the text including its
/// final newline.
/// </summary>
public static class SignedNote
{
    /// <summary>Upper bound on a note we read (bytes), to bound work on hostile input.</summary>
    public const int MaxNoteBytes = 1 << 20;

    /// <summary>At most this many signature lines (as Go's note package).</summary>
    public const int MaxSignatures = 100;

    private const string SignaturePrefix = "\u2014 "; // em dash, then a space
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Signs <paramref name="text"/> (non-empty, ending in a newline, no control characters but newline) with every signer.</summary>
    public static string Sign(string text, params NoteSigner[] signers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(signers);
        if (signers.Length == 0)
        {
            throw new ArgumentException("At least one signer is needed.", nameof(signers));
        }

        CheckText(text);
        var message = StrictUtf8.GetBytes(text);
        var note = new StringBuilder(text).Append('\n');
        foreach (var signer in signers)
        {
            var blob = new byte[4 + 64];
            BinaryPrimitives.WriteUInt32BigEndian(blob, signer.KeyId);
            signer.Sign(message).CopyTo(blob, 4);
            note.Append(SignaturePrefix).Append(signer.Name).Append(' ').Append(Convert.ToBase64String(blob)).Append('\n');
        }

        return note.ToString();
    }

    /// <summary>Opens a note read as bytes: rejects invalid UTF-8 before <see cref="Open(string, IReadOnlyCollection{NoteVerifier})"/>.</summary>
    public static OpenedNote Open(ReadOnlySpan<byte> note, IReadOnlyCollection<NoteVerifier> verifiers)
    {
        if (note.Length > MaxNoteBytes)
        {
            throw new NoteException($"Malformed note: longer than {MaxNoteBytes} bytes.");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(note);
        }
        catch (DecoderFallbackException e)
        {
            throw new NoteException("Malformed note: not valid UTF-8.", e);
        }

        return Open(text, verifiers);
    }

    /// <summary>
    /// Parses and verifies a note. Throws <see cref="NoteException"/> when it is malformed, when a signature by a
    /// given key (same name and key ID) does not verify, or when no signature is by a given key.
    /// </summary>
    public static OpenedNote Open(string note, IReadOnlyCollection<NoteVerifier> verifiers)
    {
        ArgumentNullException.ThrowIfNull(note);
        ArgumentNullException.ThrowIfNull(verifiers);
        if (note.Length > MaxNoteBytes)
        {
            throw new NoteException($"Malformed note: longer than {MaxNoteBytes} characters.");
        }

        if (!NoteKeys.IsWellFormedUtf16(note) || note.Any(c => c < 0x20 && c != '\n'))
        {
            throw new NoteException("Malformed note: control characters other than newline, or invalid Unicode.");
        }

        // The signature block follows the last blank line.
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            throw new NoteException("Malformed note: no blank line before the signatures.");
        }

        var text = note[..(split + 1)];
        var block = note[(split + 2)..];
        if (block.Length == 0 || block[^1] != '\n')
        {
            throw new NoteException("Malformed note: the signature block is empty or does not end in a newline.");
        }

        var message = StrictUtf8.GetBytes(text);
        var verified = new List<NoteSignature>();
        var unverified = new List<NoteSignature>();
        var seen = new HashSet<(string, uint)>();
        var lines = block[..^1].Split('\n');
        if (lines.Length > MaxSignatures)
        {
            throw new NoteException($"Malformed note: more than {MaxSignatures} signatures.");
        }

        foreach (var line in lines)
        {
            var signature = ParseSignatureLine(line);
            // A key signing twice counts once (as Go's note package), but every signature by a trusted key must verify.
            var first = seen.Add((signature.Name, signature.KeyId));
            var verifier = verifiers.FirstOrDefault(v => string.Equals(v.Name, signature.Name, StringComparison.Ordinal) && v.KeyId == signature.KeyId);
            if (verifier is null)
            {
                if (first)
                {
                    unverified.Add(signature);
                }

                continue;
            }

            if (!verifier.Verify(message, signature.Signature))
            {
                throw new NoteException($"Invalid signature by {verifier.Name}+{NoteKeys.Hex(verifier.KeyId)}.");
            }

            if (first)
            {
                verified.Add(signature);
            }
        }

        if (verified.Count == 0)
        {
            var known = string.Join(", ", verifiers.Select(v => $"{v.Name}+{NoteKeys.Hex(v.KeyId)}"));
            throw new NoteException($"No signature by a trusted key ({known}).");
        }

        return new OpenedNote(text, verified, unverified);
    }

    private static NoteSignature ParseSignatureLine(string line)
    {
        if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
        {
            throw new NoteException("Malformed note: a signature line must start with an em dash and a space.");
        }

        var rest = line[SignaturePrefix.Length..];
        var space = rest.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            throw new NoteException("Malformed note: a signature line must be '— name signature'.");
        }

        var name = rest[..space];
        var encoded = rest[(space + 1)..];
        if (!NoteKeys.IsValidName(name))
        {
            throw new NoteException($"Malformed note: invalid key name '{name}'.");
        }

        if (!NoteKeys.TryDecodeBase64Strict(encoded, out var blob) || blob.Length < 5)
        {
            throw new NoteException($"Malformed note: the signature of {name} is not standard base64 of a key ID and a signature.");
        }

        return new NoteSignature(name, BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]);
    }

    private static void CheckText(string text)
    {
        if (text.Length == 0 || text[^1] != '\n')
        {
            throw new NoteException("Malformed note text: it must be non-empty and end in a newline.");
        }

        if (!NoteKeys.IsWellFormedUtf16(text) || text.Any(c => c < 0x20 && c != '\n'))
        {
            throw new NoteException("Malformed note text: control characters other than newline, or invalid Unicode.");
        }
    }
}

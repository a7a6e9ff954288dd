using System.Text;
using System.Text.Json;
using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// The platform keys retired by rotation, kept in the proof directory as <c>platform-keys.jsonl</c> (one JSON object a
/// line, oldest first): what was signed before a rotation (checkpoints, attestations, settlements, clearing statements)
/// stays verifiable with the key of its period. Only public keys are kept; a retired seed is deleted.
/// </summary>
public static class PlatformKeyHistory
{
    public const string FileName = "platform-keys.jsonl";

    /// <summary>More retired keys than this is not a history a node wrote (a rotation a day for 27 years).</summary>
    public const int MaxKeys = 10_000;

    /// <summary>A retired key: its C2SP verifier key (the log's), the raw public key and did:key, and its period.</summary>
    public sealed record RetiredKey(string Vkey, string PublicKey, string Did, string VerificationMethod, DateTimeOffset? Since, DateTimeOffset Until);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        // A file, not HTML: keys read as they are written ('+' stays '+', as in the vkey format).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The retired keys of <paramref name="directory"/>, oldest first; none when it never rotated. A bad line names its number.</summary>
    public static IReadOnlyList<RetiredKey> Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        var keys = new List<RetiredKey>();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length == 0)
            {
                continue;
            }

            if (keys.Count == MaxKeys || line.Length > 4096)
            {
                throw new InvalidDataException($"{path}:{n}: more than {MaxKeys} keys, or a line longer than 4096 characters");
            }

            try
            {
                var key = JsonSerializer.Deserialize<RetiredKey>(line, Json) ?? throw new InvalidDataException($"{path}:{n}: null");
                var verifier = NoteVerifier.Parse(key.Vkey); // The entry must name a well-formed key whose parts agree.
                if (Convert.ToBase64String(verifier.PublicKey) != key.PublicKey || DidKey.Did(verifier.PublicKey) != key.Did)
                {
                    throw new InvalidDataException($"{path}:{n}: public_key or did does not match vkey");
                }

                keys.Add(key);
            }
            catch (Exception e) when (e is JsonException or NoteException or FormatException)
            {
                throw new InvalidDataException($"{path}:{n}: {e.Message}");
            }
        }

        return keys;
    }

    /// <summary>
    /// Retires the directory's platform key and creates a new one under the same log name: the retired key is appended
    /// to the history (flushed to disk) before the new key replaces it, so a crash never loses a key that signed
    /// something. The node must not run meanwhile (its caller holds the data folder's lock). Answers both verifier keys.
    /// </summary>
    public static (string Retired, string Current) Rotate(string directory, DateTimeOffset now)
    {
        var vkeyPath = Path.Combine(directory, ProofDataDirectory.VkeyFile);
        var keyPath = Path.Combine(directory, PlatformKey.FileName);
        if (!File.Exists(vkeyPath) || !File.Exists(keyPath))
        {
            throw new FileNotFoundException($"{directory}: no platform key to rotate ({PlatformKey.FileName} and {ProofDataDirectory.VkeyFile} are needed)");
        }

        string retired;
        string name;
        using (var old = ProofDataDirectory.OpenOrCreate(directory))
        {
            retired = old.Vkey;
            name = old.Origin;
            var entry = new RetiredKey(old.Vkey, Convert.ToBase64String(old.Platform.PublicKey), old.Platform.Did, old.Platform.VerificationMethod,
                new DateTimeOffset(File.GetLastWriteTimeUtc(vkeyPath), TimeSpan.Zero), now);
            using var history = new FileStream(Path.Combine(directory, FileName), FileMode.Append, FileAccess.Write, FileShare.None);
            history.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Json) + "\n"));
            history.Flush(flushToDisk: true);
        }

        using var generated = Ed25519Keys.Generate();
        var seed = Ed25519Keys.Seed(generated);
        using var signer = NoteSigner.FromSeed(name, seed);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // New files beside, then renamed over the old ones: each file is whole at any time. A crash between the two
        // renames leaves a key and a verifier key that disagree, which the node refuses at start (never a silent mix).
        using (var stream = new FileStream(keyPath + ".new", options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(Convert.ToBase64String(seed) + "\n");
        }

        File.WriteAllText(vkeyPath + ".new", signer.Verifier.Encoded + "\n");
        File.Move(keyPath + ".new", keyPath, overwrite: true);
        File.Move(vkeyPath + ".new", vkeyPath, overwrite: true);
        File.SetLastWriteTimeUtc(vkeyPath, now.UtcDateTime); // The current key's "since" (GET /log/keys).
        return (retired, signer.Verifier.Encoded);
    }
}

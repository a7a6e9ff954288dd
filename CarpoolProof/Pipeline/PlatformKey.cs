using Mobility.CarpoolProof.Attestations;
using Mobility.CarpoolProof.Evidence;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// The platform's Ed25519 key: signs checkpoints and attestations. Stored in the data directory as
/// <c>platform.key</c> (base64 of the 32-byte seed, owner-only permissions), created on first use and never
/// overwritten.
/// </summary>
public sealed class PlatformKey : IDisposable
{
    public const string FileName = "platform.key";

    private PlatformKey(Key key)
    {
        Key = key;
        PublicKey = Ed25519Keys.RawPublicKey(key);
        // Computed once: every attestation names them, and did:key is a base58 encoding.
        Did = DidKey.Did(PublicKey);
        VerificationMethod = DidKey.VerificationMethod(PublicKey);
    }

    public Key Key { get; }
    public byte[] PublicKey { get; }
    public string Did { get; }
    public string VerificationMethod { get; }

    public static PlatformKey FromSeed(ReadOnlySpan<byte> seed) => new(Ed25519Keys.FromSeed(seed));

    public static PlatformKey LoadOrCreate(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            byte[] seed;
            try { seed = Convert.FromBase64String(text); }
            catch (FormatException) { throw new InvalidDataException($"{path}: not base64"); }
            if (seed.Length != 32) throw new InvalidDataException($"{path}: expected a 32-byte Ed25519 seed");
            return FromSeed(seed);
        }
        using var generated = Ed25519Keys.Generate();
        var newSeed = Ed25519Keys.Seed(generated);
        // CreateNew: if another process created the key meanwhile, fail rather than overwrite it.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
            writer.Write(Convert.ToBase64String(newSeed) + "\n");
        return FromSeed(newSeed);
    }

    public void Dispose() => Key.Dispose();
}

using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Identity;
using Mobility.CarpoolProof.Log;
using Mobility.CarpoolProof.Log.Notes;
using Mobility.CarpoolProof.Log.Storage;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// The layout of a proof data directory: <c>platform.key</c> (seed), <c>platform.vkey</c> (C2SP verifier key,
/// whose name is the log origin), <c>registry.secret</c> (HMAC key of identity keys), <c>log.db</c> (the transparency
/// log, SQLite), <c>proofs.db</c> (journeys, used nonces, attestations). Secrets are created on first use and never
/// overwritten.
/// </summary>
public sealed class ProofDataDirectory : IDisposable
{
    public const string DefaultOrigin = "mobility.local/carpool-proofs";
    public const string VkeyFile = "platform.vkey";
    public const string SecretFile = "registry.secret";
    public const string LogFile = "log.db";

    private ProofDataDirectory(string path, PlatformKey platform, NoteSigner signer)
    {
        Path = path;
        Platform = platform;
        Signer = signer;
    }

    public string Path { get; }
    public PlatformKey Platform { get; }
    public NoteSigner Signer { get; }
    public string Origin => Signer.Name;
    public string Vkey => Signer.Verifier.Encoded;

    public static ProofDataDirectory OpenOrCreate(string path, string origin = DefaultOrigin)
    {
        Directory.CreateDirectory(path);
        var platform = PlatformKey.LoadOrCreate(path);
        var vkeyPath = System.IO.Path.Combine(path, VkeyFile);
        if (File.Exists(vkeyPath))
        {
            var existing = NoteVerifier.Parse(File.ReadAllText(vkeyPath).Trim());
            if (!existing.PublicKey.SequenceEqual(platform.PublicKey))
                throw new InvalidDataException($"{vkeyPath} does not match {PlatformKey.FileName}");
            origin = existing.Name;
        }
        var signer = NoteSigner.FromSeed(origin, Ed25519Keys.Seed(platform.Key));
        if (!File.Exists(vkeyPath)) File.WriteAllText(vkeyPath, signer.Verifier.Encoded + "\n");
        return new ProofDataDirectory(path, platform, signer);
    }

    /// <summary>The registry secret, created on first use (32 random bytes, base64, owner-only).</summary>
    public RegistrySecret RegistrySecret()
    {
        var file = System.IO.Path.Combine(Path, SecretFile);
        if (!File.Exists(file))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var stream = new FileStream(file, options);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(Identity.RegistrySecret.Generate().Bytes) + "\n");
            }
            catch (IOException) when (File.Exists(file))
            {
                // Created concurrently by another process: use theirs.
            }
        }
        return new RegistrySecret(Convert.FromBase64String(File.ReadAllText(file).Trim()));
    }

    public TransparencyLog OpenLog() =>
        TransparencyLog.Open(SqliteLogStore.Open(System.IO.Path.Combine(Path, LogFile)), new TransparencyLogOptions { Origin = Origin, Signer = Signer });

    public ProofStore OpenStore() => ProofStore.Open(System.IO.Path.Combine(Path, ProofStore.FileName));

    public void Dispose()
    {
        Signer.Dispose();
        Platform.Dispose();
    }
}

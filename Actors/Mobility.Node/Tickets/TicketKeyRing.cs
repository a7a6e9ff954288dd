using System.Collections.Concurrent;
using System.Security.Cryptography;
using Mobility.Node.Configuration;
using Mobility.Ticketing;
using Mobility.Ticketing.Tickets;

namespace Mobility.Node.Tickets;

/// <summary>
/// The node's ticket signing keys, in the data folder's <c>tickets/</c> as <c>mobility ticket keygen</c> writes them:
/// <c>keys.json</c> (the published key list) and one <c>KID.key</c> (base64 Ed25519 seed, owner-only) per key. The
/// first start creates a key; a start when the active key has less than <see cref="RenewBefore"/> left rotates (the
/// old key retires and keeps verifying, and re-signing, the tickets it signed). Nodes of a cluster share the folder's
/// files as they share <c>platform.key</c>.
/// </summary>
public sealed class TicketKeyRing
{
    public const string Folder = "tickets";
    public const string ListFile = "keys.json";
    public const string Issuer = "mobility";

    /// <summary>How long a new key signs and verifies.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    /// <summary>A key with less than this left is replaced at start, so no ticket outlives its key.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly string _folder;
    private readonly ConcurrentDictionary<string, TicketIssuer> _issuers = new(StringComparer.Ordinal);

    private TicketKeyRing(string folder, KeyList keys)
    {
        _folder = folder;
        Keys = keys;
        Active = keys.Keys.LastOrDefault(k => k.Status == TicketKeyStatus.Active)
            ?? throw new StartupException(NodeSettingsReader.Section + ":Tickets", $"'{Path.Combine(folder, ListFile)}' has no active key; add one with mobility ticket keygen --out {folder}");
    }

    /// <summary>The published list (<c>GET /tickets/keys</c>): what every validator trusts.</summary>
    public KeyList Keys { get; }

    /// <summary>The key new tickets are signed with.</summary>
    public TicketKey Active { get; }

    public static TicketKeyRing LoadOrCreate(NodeSettings settings, TimeProvider clock)
    {
        var folder = Path.Combine(settings.DataFolder, Folder);
        Directory.CreateDirectory(folder);
        var listPath = Path.Combine(folder, ListFile);
        KeyList list;
        try
        {
            list = File.Exists(listPath) ? KeyList.ReadFile(listPath) : new KeyList(Issuer, []);
        }
        catch (TicketingInputException ex)
        {
            throw new StartupException(NodeSettingsReader.Section + ":Tickets", ex.Message + "; fix or remove the file (tickets signed by its keys stop validating)");
        }

        var now = clock.GetUtcNow();
        var active = list.Keys.LastOrDefault(k => k.Status == TicketKeyStatus.Active);
        if (active is null || active.NotAfter - now < RenewBefore)
        {
            var kid = "t-" + now.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
            var seed = RandomNumberGenerator.GetBytes(32);
            WriteSecret(Path.Combine(folder, kid + ".key"), seed);
            list = list.Rotate(kid, new TicketIssuer(kid, seed).PublicKey, now, now + KeyLifetime);

            // Written whole then moved, so a crash leaves the old list or the new one.
            var temporary = listPath + ".tmp";
            File.WriteAllText(temporary, list.ToJson() + "\n");
            File.Move(temporary, listPath, overwrite: true);
        }

        return new TicketKeyRing(folder, list);
    }

    /// <summary>The signer of a listed key (its seed read once), or null when the key is unknown, revoked or its seed missing.</summary>
    public TicketIssuer? IssuerOf(string kid)
    {
        if (Keys.Find(kid) is not { Status: not TicketKeyStatus.Revoked })
        {
            return null;
        }

        if (_issuers.TryGetValue(kid, out var cached))
        {
            return cached;
        }

        var path = Path.Combine(_folder, kid + ".key");
        if (!File.Exists(path))
        {
            return null;
        }

        var seed = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return _issuers.GetOrAdd(kid, _ => new TicketIssuer(kid, seed));
    }

    private static void WriteSecret(string path, byte[] seed)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(Convert.ToBase64String(seed) + "\n");
    }
}

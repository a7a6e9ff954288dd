using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Mobility.Node.Security;

/// <summary>
/// One configured API key: only the SHA-256 of the key is stored (in settings), never the key itself. A plain hash is
/// enough because a key carries 256 random bits: there is no dictionary to try, unlike a password.
/// </summary>
/// <param name="Role">operator or authority.</param>
/// <param name="Tenant">The operator id or the territory id the key acts for.</param>
/// <param name="KeyId">A short public id, to name the key in logs and revoke it.</param>
/// <param name="Sha256">The SHA-256 of the whole key text, 64 lower-case hex digits.</param>
public sealed record ApiKeyEntry(string Role, string Tenant, string KeyId, string Sha256)
{
    /// <summary>The settings form, <c>role:tenant:keyid:sha256</c>.</summary>
    public override string ToString() => $"{Role}:{Tenant}:{KeyId}:{Sha256}";

    public static bool TryParse(string text, [NotNullWhen(true)] out ApiKeyEntry? entry, [NotNullWhen(false)] out string? error)
    {
        entry = null;
        var parts = text.Split(':');
        if (parts.Length != 4)
        {
            error = "expected role:tenant:keyid:sha256 (as printed by `mobility keys create`)";
            return false;
        }

        var (role, tenant, keyId, sha) = (parts[0], parts[1], parts[2], parts[3]);
        if (role is not (Roles.Operator or Roles.Authority or Roles.Platform))
        {
            error = $"'{role}' is not a key role; API keys are for {Roles.Operator}, {Roles.Authority} or {Roles.Platform} (travelers create accounts with POST /travelers)";
            return false;
        }

        if (!Security.Tenant.IsValid(tenant))
        {
            error = $"'{tenant}' is not a tenant id (2-63 of a-z, 0-9 and inner '-')";
            return false;
        }

        if (!ApiKeys.IsKeyId(keyId))
        {
            error = $"'{keyId}' is not a key id ({ApiKeys.KeyIdLength} lower-case hex digits)";
            return false;
        }

        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
        {
            error = "the hash must be 64 lower-case hex digits (SHA-256)";
            return false;
        }

        entry = new ApiKeyEntry(role, tenant, keyId, sha);
        error = null;
        return true;
    }
}

/// <summary>
/// API key text: <c>mk_</c>, an 8-hex-digit key id, <c>_</c>, then 32 random bytes in base64url (43 characters).
/// The prefix lets secret scanners recognise a leaked key.
/// </summary>
public static class ApiKeys
{
    public const string Prefix = "mk_";
    public const int KeyIdLength = 8;
    public const int SecretBytes = 32;

    /// <summary>Length of a key: prefix, id, separator, base64url of 32 bytes without padding.</summary>
    public const int KeyLength = 3 + KeyIdLength + 1 + 43;

    /// <summary>Creates a new random key for a role and tenant; the caller shows the key once and stores only the entry.</summary>
    public static (string Key, ApiKeyEntry Entry) Create(string role, string tenant)
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdLength / 2));
        var key = Prefix + keyId + "_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes));
        var line = $"{role}:{tenant}:{keyId}:{Hash(key)}";
        return ApiKeyEntry.TryParse(line, out var entry, out var error)
            ? (key, entry)
            : throw new ArgumentException(error);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static bool IsKeyId(string text) => text.Length == KeyIdLength && text.All(char.IsAsciiHexDigitLower);

    /// <summary>The key id of a well-formed key text, or null.</summary>
    public static string? KeyIdOf(string? key) =>
        key is { Length: KeyLength } && key.StartsWith(Prefix, StringComparison.Ordinal) && key[Prefix.Length + KeyIdLength] == '_'
            ? key.Substring(Prefix.Length, KeyIdLength) is var id && IsKeyId(id) ? id : null
            : null;
}

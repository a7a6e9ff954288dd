using System.Security.Cryptography;
using System.Text;

namespace Mobility.CarpoolProof.Identity;

/// <summary>
/// Pseudonymous identity key: HMAC-SHA-256 under the registry secret of "phone-LASTNAME", lowercase hex (64 chars,
/// the registry's identity_key length). The registry's bare SHA-256 of the same string is reversed by enumerating
/// phone numbers; the keyed MAC is not, as long as the secret stays with the registry.
/// </summary>
public readonly record struct IdentityKey(string Value)
{
    public const int Length = 64;

    public static IdentityKey Derive(RegistrySecret secret, string phone, string lastName)
    {
        var message = PhoneNumber.NormalizeE164(phone) + "-" + LastName.Normalize(lastName);
        var mac = HMACSHA256.HashData(secret.Bytes, Encoding.UTF8.GetBytes(message));
        return new IdentityKey(Convert.ToHexStringLower(mac));
    }

    public static bool IsWellFormed(string? value) =>
        value is { Length: Length } && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    public override string ToString() => Value;
}

/// <summary>The registry's HMAC key (at least 32 bytes, RFC 2104 section 3 recommends at least the hash length).</summary>
public sealed class RegistrySecret
{
    public RegistrySecret(byte[] bytes)
    {
        if (bytes.Length < 32) throw new ArgumentException("registry secret must hold at least 32 bytes", nameof(bytes));
        Bytes = bytes;
    }

    public byte[] Bytes { get; }

    public static RegistrySecret Generate() => new(RandomNumberGenerator.GetBytes(32));
}

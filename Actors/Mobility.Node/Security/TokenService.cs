using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Mobility.Node.Security;

/// <summary>
/// Issues and verifies the node's bearer tokens, a compact JWS-like form: <c>base64url(payload) "." base64url(mac)</c>,
/// where payload is a small JSON object (<c>v, role, ten, kid, iat, exp</c>) and mac is HMAC-SHA-256 (RFC 2104) over
/// the payload text under a key derived from the node secret. Every node of a cluster shares the secret, so a token
/// issued by one is accepted by all. Also derives traveler account keys, which need no storage.
/// </summary>
public sealed class TokenService
{
    public const int MaxTokenLength = 1024;
    public const string TravelerKeyPrefix = "mt_";

    /// <summary>Tokens from a clock a little ahead are still accepted (seconds of skew between nodes).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    private const int Version = 1;
    private readonly byte[] _tokenKey;
    private readonly byte[] _travelerKey;
    private readonly TimeProvider _clock;

    public TokenService(ReadOnlySpan<byte> secret, TimeProvider clock)
    {
        if (secret.Length < 32)
        {
            throw new ArgumentException("The token secret needs at least 32 bytes.", nameof(secret));
        }

        // Separate keys per use, so a traveler key can never be replayed as a token MAC or the reverse.
        _tokenKey = HMACSHA256.HashData(secret, "mobility/token/v1"u8);
        _travelerKey = HMACSHA256.HashData(secret, "mobility/traveler-key/v1"u8);
        _clock = clock;
    }

    /// <summary>Issues a token for a role and tenant, valid for <see cref="Roles.TokenLifetime"/>.</summary>
    public (string Token, TokenClaims Claims) Issue(string role, string tenant, string keyId)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(_clock.GetUtcNow().ToUnixTimeSeconds());
        var claims = new TokenClaims(role, tenant, now, now + Roles.TokenLifetime(role), keyId);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("v", Version);
            json.WriteString("role", claims.Role);
            json.WriteString("ten", claims.Tenant);
            json.WriteString("kid", claims.KeyId);
            json.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
            json.WriteNumber("exp", claims.ExpiresAt.ToUnixTimeSeconds());
            json.WriteEndObject();
        }

        var payload = Base64Url.EncodeToString(buffer.ToArray());
        return (payload + "." + Base64Url.EncodeToString(Mac(payload)), claims);
    }

    /// <summary>Checks the MAC, the shape and the expiry; <paramref name="error"/> says what is wrong (for the 401 detail).</summary>
    public bool TryVerify(string? token, [NotNullWhen(true)] out TokenClaims? claims, [NotNullWhen(false)] out string? error)
    {
        claims = null;
        if (string.IsNullOrEmpty(token) || token.Length > MaxTokenLength)
        {
            error = "The token is empty or too long.";
            return false;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot != token.LastIndexOf('.') || !Base64Url.IsValid(token.AsSpan(dot + 1), out var macLength) || macLength != 32
            || !Base64Url.IsValid(token.AsSpan(0, dot)))
        {
            error = "The token is not of the form payload.signature (base64url).";
            return false;
        }

        var payload = token[..dot];
        if (!CryptographicOperations.FixedTimeEquals(Mac(payload), Base64Url.DecodeFromChars(token.AsSpan(dot + 1))))
        {
            error = "The token signature does not verify.";
            return false;
        }

        // The MAC held: the payload is ours, but still read it defensively.
        try
        {
            using var doc = JsonDocument.Parse(Base64Url.DecodeFromChars(payload));
            var root = doc.RootElement;
            if (root.GetProperty("v").GetInt32() != Version)
            {
                error = "The token version is not supported.";
                return false;
            }

            var role = root.GetProperty("role").GetString();
            var tenant = root.GetProperty("ten").GetString();
            var kid = root.GetProperty("kid").GetString() ?? string.Empty;
            var iat = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("iat").GetInt64());
            var exp = DateTimeOffset.FromUnixTimeSeconds(root.GetProperty("exp").GetInt64());
            if (!Roles.IsRole(role) || !Tenant.IsValid(tenant))
            {
                error = "The token names no known role or tenant.";
                return false;
            }

            var now = _clock.GetUtcNow();
            if (now >= exp)
            {
                error = $"The token expired at {exp:yyyy-MM-dd'T'HH:mm:ss'Z'}; exchange your key at POST /auth/token for a new one.";
                return false;
            }

            if (iat > now + ClockSkew)
            {
                error = "The token is issued in the future.";
                return false;
            }

            claims = new TokenClaims(role!, tenant!, iat, exp, kid);
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentOutOfRangeException)
        {
            error = "The token payload is malformed.";
            return false;
        }
    }

    /// <summary>A new traveler account: a random id and its key (the key is derived, so the node stores nothing).</summary>
    public (string TravelerId, string Key) CreateTraveler()
    {
        var id = "t-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        return (id, TravelerKey(id));
    }

    /// <summary>The traveler id a traveler key belongs to, if the key is genuine.</summary>
    public bool TryVerifyTravelerKey(string? key, [NotNullWhen(true)] out string? travelerId)
    {
        travelerId = null;
        if (key is null || key.Length > 128 || !key.StartsWith(TravelerKeyPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        // The id has no '_' (a tenant id), the base64url MAC may: the first '_' after the prefix ends the id.
        var sep = key.IndexOf('_', TravelerKeyPrefix.Length);
        var id = sep > TravelerKeyPrefix.Length ? key[TravelerKeyPrefix.Length..sep] : null;
        if (id is null || !Tenant.IsValid(id)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TravelerKey(id)), Encoding.ASCII.GetBytes(key)))
        {
            return false;
        }

        travelerId = id;
        return true;
    }

    private string TravelerKey(string travelerId) =>
        TravelerKeyPrefix + travelerId + "_" + Base64Url.EncodeToString(HMACSHA256.HashData(_travelerKey, Encoding.UTF8.GetBytes(travelerId)));

    private byte[] Mac(string payload) => HMACSHA256.HashData(_tokenKey, Encoding.ASCII.GetBytes(payload));
}

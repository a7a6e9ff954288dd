using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// The v2 log leaves (docs/proofs.md "Log leaves"): the public leaf discloses its type, a salted commitment and, for a
/// journey, the territories it is attributed to; nothing else. The committed body is the v1 leaf of the same journey
/// or status change (<see cref="JourneyCommitment.LeafBytes"/>, <see cref="StatusChange.LeafBytes"/>), so whoever holds
/// the salt and the body (the platform, the declaring operator, the attestation's holder, an auditor given the export)
/// opens it: <c>commitment = base64url(SHA-256(salt || body))</c>. Without the salt (32 bytes, never published) the
/// body cannot be confirmed by guessing its few unknown fields.
/// </summary>
public static class SealedLeaf
{
    public const string JourneyType = "mobility/carpool/journey/v2";
    public const string StatusType = "mobility/carpool/status/v2";
    public const int SaltBytes = 32;

    /// <summary>At most this many territories in a journey leaf (a journey starts in one and ends in one).</summary>
    public const int MaxTerritories = 8;

    /// <summary>base64url(SHA-256(salt || body)).</summary>
    public static string Commit(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> body)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(salt);
        hash.AppendData(body);
        return Base64Url.Encode(hash.GetHashAndReset());
    }

    /// <summary>A fresh salt from the system's CSPRNG.</summary>
    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltBytes);

    /// <summary>
    /// The public journey leaf: JCS of {"commitment", "territories" (only when given: sorted, distinct), "type"}.
    /// </summary>
    public static byte[] Journey(string commitment, IReadOnlyList<string>? territories = null)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Property("commitment", commitment);
        if (territories is { Count: > 0 })
        {
            if (territories.Count > MaxTerritories) throw new ArgumentException($"at most {MaxTerritories} territories", nameof(territories));
            w.Name("territories");
            w.BeginArray();
            foreach (var t in territories.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) w.String(t);
            w.EndArray();
        }
        w.Property("type", JourneyType);
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The public status leaf: JCS of {"commitment", "journey_leaf_hash", "type"}. The journey leaf is named
    /// by its RFC 9162 leaf hash, so every holder of the leaves sees the attestation revoked, not by whom or why.</summary>
    public static byte[] Status(string commitment, string journeyLeafHash)
    {
        var buffer = new ArrayBufferWriter<byte>(192);
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Property("commitment", commitment);
        w.Property("journey_leaf_hash", journeyLeafHash);
        w.Property("type", StatusType);
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a v2 leaf's public part; null when the bytes are not exactly a canonical v2 leaf.</summary>
    public static PublicLeaf? Parse(ReadOnlySpan<byte> leaf)
    {
        if (leaf.Length == 0 || leaf[0] != (byte)'{' || leaf.Length > 4096) return null;
        try
        {
            if (JsonNode.Parse(leaf) is not JsonObject o || o["commitment"] is not JsonValue c || c.GetValueKind() != JsonValueKind.String) return null;
            var commitment = (string)c!;
            if (!Base64Url.TryDecode(commitment, 32, out _)) return null;
            PublicLeaf parsed;
            switch ((string?)o["type"])
            {
                case JourneyType:
                    string[]? territories = o["territories"] is JsonArray a ? [.. a.Select(t => (string)t!)] : null;
                    parsed = new PublicLeaf(JourneyType, commitment, null, territories);
                    if (!Journey(commitment, territories).AsSpan().SequenceEqual(leaf)) return null;
                    break;
                case StatusType:
                    var named = (string?)o["journey_leaf_hash"];
                    if (named is null || !Base64Url.TryDecode(named, 32, out _)) return null;
                    parsed = new PublicLeaf(StatusType, commitment, named, null);
                    if (!Status(commitment, named).AsSpan().SequenceEqual(leaf)) return null;
                    break;
                default:
                    return null;
            }
            return parsed;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// Opens a v2 leaf: the salt and body must hash to its commitment and the body must be the canonical v1 leaf of its
    /// kind (a journey commitment for a journey leaf, a status change naming the same journey leaf for a status leaf).
    /// Returns the opened <see cref="JourneyCommitment"/> or <see cref="StatusChange"/>, or null when it does not open.
    /// </summary>
    public static object? Open(ReadOnlySpan<byte> leaf, LeafOpening opening)
    {
        if (Parse(leaf) is not { } p || opening.Salt.Length != SaltBytes || Commit(opening.Salt, opening.Body) != p.Commitment) return null;
        if (p.IsJourney)
        {
            try
            {
                return JsonNode.Parse(opening.Body) is JsonObject o ? JourneyCommitment.FromJson(o) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return StatusChange.TryParse(opening.Body) is { } s && s.JourneyLeafHash == p.JourneyLeafHash ? s : null;
    }
}

/// <summary>
/// What a reader makes of one log leaf of either version: a journey commitment or a status change (v1, or v2 opened by
/// the opening it was given), or a sealed leaf it cannot open (<see cref="Sealed"/> set, the others null), or nothing
/// of ours (all null: the log may carry other kinds, e.g. settlement anchors).
/// </summary>
public sealed record ReadLeaf(JourneyCommitment? Journey, StatusChange? Status, PublicLeaf? Sealed)
{
    /// <summary>The journey leaf a status leaf names (v1 or v2, opened or not).</summary>
    public string? RevokedLeafHash => Status?.JourneyLeafHash ?? (Sealed is { IsJourney: false } p ? p.JourneyLeafHash : null);

    public static ReadLeaf Of(ReadOnlySpan<byte> leaf, LeafOpening? opening = null)
    {
        if (SealedLeaf.Parse(leaf) is { } p)
        {
            var opened = opening is null ? null : SealedLeaf.Open(leaf, opening);
            return new ReadLeaf(opened as JourneyCommitment, opened as StatusChange, p);
        }
        if (StatusChange.TryParse(leaf) is { } change) return new ReadLeaf(null, change, null);
        try
        {
            return new ReadLeaf(JsonNode.Parse(leaf) is JsonObject o ? JourneyCommitment.FromJson(o) : null, null, null);
        }
        catch (JsonException)
        {
            return new ReadLeaf(null, null, null);
        }
    }
}

/// <summary>The public part of a v2 leaf.</summary>
public sealed record PublicLeaf(string Type, string Commitment, string? JourneyLeafHash, IReadOnlyList<string>? Territories)
{
    public bool IsJourney => Type == SealedLeaf.JourneyType;
}

/// <summary>What opens a v2 leaf: its salt and the committed body (the v1 leaf bytes).</summary>
public sealed record LeafOpening(byte[] Salt, byte[] Body)
{
    public string Commitment => SealedLeaf.Commit(Salt, Body);

    /// <summary>Salt then body, one byte string (how the node passes and stores an opening).</summary>
    public byte[] ToBytes() => [.. Salt, .. Body];

    public static LeafOpening? FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length > SealedLeaf.SaltBytes ? new LeafOpening(bytes[..SealedLeaf.SaltBytes].ToArray(), bytes[SealedLeaf.SaltBytes..].ToArray()) : null;
}

/// <summary>
/// A journey as the log holds it: the commitment body, and for a v2 leaf the salt that seals it and the territories
/// the leaf names. <see cref="Salt"/> null is a v1 leaf: the body is the leaf.
/// </summary>
public sealed record LoggedJourney(JourneyCommitment Body, byte[]? Salt = null, IReadOnlyList<string>? Territories = null)
{
    public bool Sealed => Salt is not null;

    public byte[] LeafBytes() => Salt is null ? Body.LeafBytes() : SealedLeaf.Journey(SealedLeaf.Commit(Salt, Body.LeafBytes()), Territories);

    /// <summary>The opening of a v2 leaf; null for v1.</summary>
    public LeafOpening? Opening => Salt is null ? null : new LeafOpening(Salt, Body.LeafBytes());

    /// <summary>The status-change leaf that revokes this journey: sealed with the journey's salt when the journey is.</summary>
    public (byte[] Leaf, LeafOpening? Opening) Revocation(string reason, DateTimeOffset at)
    {
        var change = new StatusChange(Body.OperatorId, Body.OperatorJourneyId, StatusChange.LeafHash(LeafBytes()), StatusChange.Revoked, reason, at);
        return StatusChange.Seal(change, Salt);
    }
}

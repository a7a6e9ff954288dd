using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>
/// What the platform decided on an accepted declaration: JCS (RFC 8785) of a small object that commits to the whole
/// signed declaration by hash. It was the v1 log leaf itself; a v2 leaf (<see cref="SealedLeaf"/>) publishes only a
/// salted hash of these bytes, opened by the attestation's holder and the auditor (<see cref="LoggedJourney"/>).
/// Identity keys are in neither; the declaration hash binds them.
/// </summary>
public sealed record JourneyCommitment(
    string OperatorId,
    string OperatorJourneyId,
    string DeclarationSha256,
    string ProofClass,
    string Status,
    IReadOnlyList<string> Labels,
    DateTimeOffset Start,
    DateTimeOffset AcceptedAt)
{
    public const string Type = "mobility/carpool/journey/v1";

    /// <summary>
    /// SHA-256 of the operator's signing message (context, 0x00, JCS of the declaration without its signature),
    /// base64url. The Ed25519 signature is a function of that message, so the hash commits to the signed declaration.
    /// </summary>
    public static string HashDeclaration(SignedDeclaration d) => HashSigningMessage(DeclarationCanonical.SigningMessage(d));

    public static string HashSigningMessage(ReadOnlySpan<byte> signingMessage) => Base64Url.Encode(SHA256.HashData(signingMessage));

    public byte[] LeafBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Property("accepted_at", UtcTimestamp.ToText(AcceptedAt));
        w.Property("declaration_sha256", DeclarationSha256);
        w.Name("labels");
        w.BeginArray();
        foreach (var l in Labels) w.String(l);
        w.EndArray();
        w.Property("operator_id", OperatorId);
        w.Property("operator_journey_id", OperatorJourneyId);
        w.Property("proof_class", ProofClass);
        w.Property("start", UtcTimestamp.ToText(Start));
        w.Property("status", Status);
        w.Property("type", Type);
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    public JsonObject ToJson() => JsonNode.Parse(LeafBytes())!.AsObject();

    /// <summary>Reads a commitment back from its JSON (as carried in an attestation); null when it is not one.</summary>
    public static JourneyCommitment? FromJson(JsonObject o)
    {
        try
        {
            if ((string?)o["type"] != Type) return null;
            if (!UtcTimestamp.TryParse((string?)o["start"], out var start) || !UtcTimestamp.TryParse((string?)o["accepted_at"], out var at)) return null;
            var labels = o["labels"]!.AsArray().Select(n => (string)n!).ToArray();
            var c = new JourneyCommitment((string)o["operator_id"]!, (string)o["operator_journey_id"]!, (string)o["declaration_sha256"]!,
                (string)o["proof_class"]!, (string)o["status"]!, labels, start, at);
            // Only the exact canonical form is a commitment: no extra or reordered members.
            return c.LeafBytes().AsSpan().SequenceEqual(Jcs.Canonicalize(o)) ? c : null;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or ArgumentException)
        {
            return null;
        }
    }
}

/// <summary>
/// A later change of a journey's status (cancellation, fraud found), itself a log leaf: it names the journey's leaf
/// by its RFC 9162 leaf hash, so it revokes the attestation issued for that leaf.
/// </summary>
public sealed record StatusChange(string OperatorId, string OperatorJourneyId, string JourneyLeafHash, string Status, string Reason, DateTimeOffset At)
{
    public const string Type = "mobility/carpool/status/v1";
    public const string Revoked = "revoked";

    /// <summary>The leaf of this change: v1 (this object) without a salt, else the sealed v2 leaf and its opening.</summary>
    public static (byte[] Leaf, LeafOpening? Opening) Seal(StatusChange change, byte[]? salt)
    {
        var body = change.LeafBytes();
        if (salt is null) return (body, null);
        return (SealedLeaf.Status(SealedLeaf.Commit(salt, body), change.JourneyLeafHash), new LeafOpening(salt, body));
    }

    public byte[] LeafBytes()
    {
        var buffer = new ArrayBufferWriter<byte>(384);
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Property("at", UtcTimestamp.ToText(At));
        w.Property("journey_leaf_hash", JourneyLeafHash);
        w.Property("operator_id", OperatorId);
        w.Property("operator_journey_id", OperatorJourneyId);
        w.Property("reason", Reason);
        w.Property("status", Status);
        w.Property("type", Type);
        w.EndObject();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>RFC 9162 2.1.1 leaf hash, SHA-256(0x00 || leaf), base64url: how status leaves name journey leaves.</summary>
    public static string LeafHash(ReadOnlySpan<byte> leaf)
    {
        var data = new byte[leaf.Length + 1];
        leaf.CopyTo(data.AsSpan(1));
        return Base64Url.Encode(SHA256.HashData(data));
    }

    public static StatusChange? TryParse(ReadOnlySpan<byte> leaf)
    {
        try
        {
            var o = JsonNode.Parse(leaf) as JsonObject;
            if (o is null || (string?)o["type"] != Type || !UtcTimestamp.TryParse((string?)o["at"], out var at)) return null;
            var s = new StatusChange((string)o["operator_id"]!, (string)o["operator_journey_id"]!, (string)o["journey_leaf_hash"]!,
                (string)o["status"]!, (string)o["reason"]!, at);
            return s.LeafBytes().AsSpan().SequenceEqual(leaf) ? s : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Mobility.CarpoolProof.Campaigns.Engine;

namespace Mobility.Audit.Export;

/// <summary>A line of <see cref="ExportFiles.Journeys"/>: an accepted journey's leaf and the declaration its operator sent.</summary>
/// <param name="Declaration">The registry JSON with its device statements and, unless <paramref name="SignedInBatch"/>,
/// the operator's signature; null for journeys a node accepted before it kept declarations.</param>
public sealed record ExportedJourney(long LeafIndex, string OperatorId, string OperatorJourneyId, bool SignedInBatch, JsonElement? Declaration);

/// <summary>
/// A line of <see cref="ExportFiles.Batches"/>: what an operator signed for a batch (docs/proofs.md, "Operator-signed
/// batches"): <paramref name="Signature"/> over <c>mobility/carpool/declaration-batch/v1</c>, the hashes in order and
/// the operator id. A journey signed in a batch is covered when its leaf's declaration hash is one of them.
/// </summary>
public sealed record ExportedBatch(string OperatorId, IReadOnlyList<string> DeclarationHashes, string Signature, DateTimeOffset At);

/// <summary>
/// A line of <see cref="ExportFiles.Openings"/>: what opens the sealed (v2) leaf at <paramref name="LeafIndex"/>: its
/// salt (base64url) and the committed body (the v1 leaf object; its JCS bytes are what the salt seals).
/// </summary>
public sealed record ExportedOpening(long LeafIndex, string Salt, JsonElement Body);

/// <summary>A line of <see cref="ExportFiles.Bindings"/>: "operator:ID" to its signing key, or a device to an identity; <paramref name="Bound"/> false ends one.</summary>
public sealed record ExportedBinding(string Subject, string Value, bool Bound, DateTimeOffset? At);

/// <summary>A settlement the platform anchored in the log (the latest of an operator and month is the one in force).</summary>
public sealed record ExportedSettlement(string OperatorId, string Month, string Sha256, long LogIndex, long? TotalCents);

/// <summary>
/// A campaign as the platform stored it: the journeys it counted (their last version) and its settlements. The
/// document it counts under is written beside, byte for byte (<c>ID.document.json</c>): settlements name its SHA-256.
/// </summary>
public sealed record ExportedCampaign(
    string Id,
    string Territory,
    string DocumentSha256,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<CampaignJourney> Counted,
    IReadOnlyList<ExportedSettlement> Settlements);

/// <summary>How export files are written and read: snake_case members, enums as their names.</summary>
public static class ExportJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 64,
    };

    /// <summary>How the node's journal writes events (camelCase, enums as strings), to read its campaign journeys.</summary>
    public static readonly JsonSerializerOptions Node = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Node.Api.Carpool;

/// <summary>The wire shapes of the carpool endpoints, snake_case like the registry API v3.3.</summary>
public static class JourneyContracts
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The registry's 201 body (<c>data.operator_journey_id</c>, <c>data.created_at</c>) plus the journey and its attestation.</summary>
    public sealed record Created(CreatedData Data, JourneyResponse Journey);

    public sealed record CreatedData(string OperatorJourneyId, DateTimeOffset CreatedAt);

    // Two-word names are spelt out (the same as the snake_case policy writes them) so that the OpenAPI document,
    // which knows only the attributes, shows them as they are sent.
    public sealed record JourneyResponse(
        [property: JsonPropertyName("operator_id")] string OperatorId,
        [property: JsonPropertyName("operator_journey_id")] string OperatorJourneyId,
        [property: JsonPropertyName("operator_trip_id")] string OperatorTripId,
        string Status,
        [property: JsonPropertyName("proof_class")] string ProofClass,
        IReadOnlyList<string> Labels,
        IReadOnlyList<RuleResponse> Rules,
        DateTimeOffset Start,
        DateTimeOffset End,
        [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
        [property: JsonPropertyName("leaf_index")] long LeafIndex,
        bool Revoked,
        [property: JsonPropertyName("revocation_reason")] string? RevocationReason,
        [property: JsonPropertyName("revocation_leaf_index")] long? RevocationLeafIndex,
        JsonNode? Attestation,
        IReadOnlyList<string>? Territories = null)
    {
        /// <summary><see cref="Territories"/>: the territories the journey was attributed to at its acceptance (absent for
        /// a journey recorded before attribution existed).</summary>
        public static JourneyResponse From(JourneyView v, bool withAttestation = true) => new(
            v.OperatorId, v.OperatorJourneyId, v.OperatorTripId, v.Status, v.ProofClass, v.Labels,
            [.. v.Rules.Select(r => new RuleResponse(r.Label, r.Passed ? "pass" : "fail"))],
            v.Start, v.End, v.AcceptedAt, v.LeafIndex, v.Revocation is not null, v.Revocation, v.RevocationLeafIndex,
            withAttestation ? JsonNode.Parse(v.Attestation) : null, v.Territories);
    }

    public sealed record RuleResponse(string Label, string Result);

    public sealed record ListResponse(IReadOnlyList<SummaryResponse> Journeys, long? Next);

    public sealed record SummaryResponse(
        [property: JsonPropertyName("operator_id")] string OperatorId,
        [property: JsonPropertyName("operator_journey_id")] string OperatorJourneyId,
        [property: JsonPropertyName("leaf_index")] long LeafIndex,
        string Status,
        [property: JsonPropertyName("proof_class")] string ProofClass,
        IReadOnlyList<string> Labels,
        DateTimeOffset Start,
        [property: JsonPropertyName("accepted_at")] DateTimeOffset AcceptedAt,
        [property: JsonPropertyName("revocation_leaf_index")] long? RevocationLeafIndex,
        IReadOnlyList<string>? Territories = null)
    {
        public static SummaryResponse From(JourneySummary s) =>
            new(s.OperatorId, s.OperatorJourneyId, s.LeafIndex, s.Status, s.ProofClass, s.Labels, s.Start, s.AcceptedAt, s.RevocationLeafIndex, s.Territories);
    }

    /// <summary>Body of <c>PUT /v3/operator/key</c>: the operator's Ed25519 public key, unpadded base64url.</summary>
    public sealed record OperatorKeyRequest([property: JsonPropertyName("public_key")] string? PublicKey);

    /// <summary>
    /// Body of <c>POST /v3/devices</c>: a device key (unpadded base64url) and the identity it belongs to.
    /// <c>traveler_id</c> is refused: only the traveler links its own account (<see cref="TravelerDeviceRequest"/>).
    /// </summary>
    public sealed record DeviceRequest(
        [property: JsonPropertyName("device_key")] string? DeviceKey,
        [property: JsonPropertyName("identity_key")] string? IdentityKey,
        [property: JsonPropertyName("traveler_id")] string? TravelerId = null);

    /// <summary>
    /// Body of <c>POST /v3/me/devices</c>: the operator whose app holds the device, the device key and its signature
    /// of the caller's traveler id (<see cref="Mobility.CarpoolProof.Identity.TravelerLink"/>).
    /// </summary>
    public sealed record TravelerDeviceRequest(
        [property: JsonPropertyName("operator_id")] string? OperatorId,
        [property: JsonPropertyName("device_key")] string? DeviceKey,
        [property: JsonPropertyName("signature")] string? Signature);

    public sealed record BindingResponse(string Subject, string Value, bool Created);

    /// <summary>A binding ended: the subject is unbound from now on (the journal keeps what it was).</summary>
    public sealed record UnbindingResponse(string Subject, bool Unbound);

    /// <summary>Body of <c>POST /authority/journeys/{operator}/{id}/fraud</c>.</summary>
    public sealed record FraudRequest(string? Reason);

    public sealed record CheckpointResponse(long Size, string Note);

    public sealed record ProofResponse(long First, long Second, IReadOnlyList<string> Path);

    public sealed record LeavesResponse(long Start, IReadOnlyList<string> Leaves);

    /// <summary>The openings of the sealed leaves of a range: salt (base64url) and committed body (base64) per leaf index.</summary>
    public sealed record OpeningsResponse(long Start, IReadOnlyList<OpeningItem> Openings);

    public sealed record OpeningItem(long LeafIndex, string Salt, string Body);

    /// <summary>
    /// Body of <c>GET /log/keys</c>: the log's origin and C2SP verifier key, and every platform key with the period it
    /// signed: the keys retired by rotation (oldest first), then the current one.
    /// </summary>
    public sealed record KeysResponse(string Origin, string Vkey, IReadOnlyList<PlatformKeyEntry> Keys);

    /// <summary>One platform key: what attestations name (<c>verificationMethod</c>, did:key), its raw public key, and its C2SP verifier key (what checkpoints signed in its period open with).</summary>
    /// <remarks>The two-word names are spelt out so the OpenAPI document shows them as they are written (snake_case).</remarks>
    public sealed record PlatformKeyEntry(
        string Algorithm,
        string Did,
        [property: JsonPropertyName("verification_method")] string VerificationMethod,
        [property: JsonPropertyName("public_key")] string PublicKey,
        DateTimeOffset? Since,
        DateTimeOffset? Until,
        bool Current,
        string Vkey);

    public sealed record AttestationsResponse(IReadOnlyList<JourneyResponse> Attestations);

    public static IResult Ok(object body, int status = StatusCodes.Status200OK) => Results.Json(body, Json, statusCode: status);

    /// <summary>Statuses an authority or operator may filter on.</summary>
    public static bool IsStatus(string? s) => s is null or JourneyStatus.Ok or JourneyStatus.FraudError or JourneyStatus.AnomalyError or JourneyStatus.Canceled;
}

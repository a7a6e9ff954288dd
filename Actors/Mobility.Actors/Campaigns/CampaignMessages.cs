using Mobility.Actors.Serialization;
using Mobility.CarpoolProof.Campaigns.Engine;

namespace Mobility.Actors.Campaigns;

/// <summary>Addressed to one campaign entity, keyed by the campaign id.</summary>
public interface ICampaignMessage : IClusterMessage
{
    string CampaignId { get; }
}

/// <summary>Messages to the campaign directory singleton.</summary>
public interface ICampaignDirectoryMessage : IClusterMessage;

/// <summary>Campaign entity protocol. <c>Territory</c> is the caller's tenant: another territory's campaign answers 404.</summary>
public static class CampaignCommands
{
    /// <summary>A campaign document (UTF-8 JSON, validated by <c>CampaignParser</c>) whose id is <see cref="CampaignId"/>.</summary>
    public sealed record Create(string CampaignId, string Territory, byte[] Document) : ICampaignMessage;

    public sealed record Activate(string CampaignId, string Territory) : ICampaignMessage;

    public sealed record Close(string CampaignId, string Territory) : ICampaignMessage;

    public sealed record Get(string CampaignId, string Territory) : ICampaignMessage;

    /// <summary>The monthly settlement of one operator, <see cref="Format"/> "csv" or "json", signed and anchored.</summary>
    public sealed record Settlement(string CampaignId, string Territory, string Month, string OperatorId, string Format) : ICampaignMessage;

    public sealed record Statement(string CampaignId, string Territory, string DriverKey, int Year) : ICampaignMessage;

    public sealed record OpenData(string CampaignId, string Territory) : ICampaignMessage;

    /// <summary>A traveler's awards in this campaign (no territory: the caller is the identity).</summary>
    public sealed record Incentives(string CampaignId, string IdentityKey) : ICampaignMessage;

    /// <summary>From the directory: journeys to count (a new one, or a replay of known ones).</summary>
    public sealed record Submit(string CampaignId, IReadOnlyList<CampaignJourney> Journeys) : ICampaignMessage;

    public sealed record Revoke(string CampaignId, string OperatorId, string JourneyId, JourneyStatus Status) : ICampaignMessage;

    /// <summary>
    /// The campaign's published terms, for the planner's incentive estimate: answered with <see cref="CampaignTerms"/>
    /// (no territory: an active campaign's rules are public, as the registry publishes them).
    /// </summary>
    public sealed record Terms(string CampaignId) : ICampaignMessage;
}

/// <summary>
/// A campaign's phase and its document as written (empty when the campaign does not exist); a neutral reply, the
/// caller decides what to do with a draft or a closed campaign.
/// </summary>
public sealed record CampaignTerms(string CampaignId, string Phase, string Territory, byte[] Document) : IClusterMessage;

/// <summary>
/// What the campaign entities and the directory answer: a document they rendered (the campaign, a traveler's
/// incentives, a statement, open data, a settlement), or a refusal. Neutral values: the HTTP layer picks the status
/// code, the media type and the problem details (Api/Campaigns/CampaignEndpoints).
/// </summary>
public static class CampaignReplies
{
    public sealed record Document(DocumentFormat Format, string Body) : IClusterMessage;

    /// <param name="Errors">For <see cref="CampaignRefusal.InvalidDocument"/>: every error with its JSON path.</param>
    public sealed record Refused(CampaignRefusal Kind, string Detail, IReadOnlyList<Mobility.CarpoolProof.Campaigns.Language.CampaignError>? Errors = null) : IClusterMessage;
}

/// <summary>The form of a rendered campaign document.</summary>
public enum DocumentFormat
{
    Json = 1,
    Csv = 2,
}

/// <summary>Why a campaign command or query was refused.</summary>
public enum CampaignRefusal
{
    /// <summary>No such campaign in the caller's territory (another tenant's campaign looks absent), or nothing to show.</summary>
    NotFound = 1,

    /// <summary>A parameter is malformed.</summary>
    Invalid = 2,

    /// <summary>The campaign document is not valid: <see cref="CampaignReplies.Refused.Errors"/> says where.</summary>
    InvalidDocument = 3,

    /// <summary>Contradicts what is recorded (the id is taken, a closed campaign activated again).</summary>
    Conflict = 4,

    /// <summary>A part it needs (the log) did not answer; nothing changed, retry later.</summary>
    Unavailable = 5,
}

/// <summary>Campaign directory protocol.</summary>
public static class CampaignDirectoryMessages
{
    /// <summary>From an activated campaign: feed it from now on, starting with a replay of every journey known.</summary>
    public sealed record Register(string CampaignId) : ICampaignDirectoryMessage;

    public sealed record Unregister(string CampaignId) : ICampaignDirectoryMessage;

    /// <summary>What-if: the document applied to every journey known so far as if it had always been in force.</summary>
    /// <param name="Territory">The authority's territory: the what-if runs over the journeys attributed to it only.</param>
    /// <param name="ImplicitTerritory">The configured territory, whose are the journeys recorded before attribution.</param>
    public sealed record Simulate(byte[] Document, string? Territory = null, string? ImplicitTerritory = null) : ICampaignDirectoryMessage;

    /// <summary>Every campaign ever activated (active or closed since): those that counted journeys.</summary>
    public sealed record ListActive() : ICampaignDirectoryMessage;

    public sealed record Active(IReadOnlyList<string> CampaignIds) : IClusterMessage;
}

/// <summary>Persisted events of the campaign entity and the directory. Never changed once stored.</summary>
public static class CampaignEvents
{
    public sealed record Created(string CampaignId, string Territory, byte[] Document, DateTimeOffset At) : IPersistedEvent;

    public sealed record Activated(DateTimeOffset At) : IPersistedEvent;

    public sealed record Closed(DateTimeOffset At) : IPersistedEvent;

    public sealed record JourneysCounted(IReadOnlyList<CampaignJourney> Journeys) : IPersistedEvent;

    public sealed record JourneyRevoked(string OperatorId, string JourneyId, JourneyStatus Status) : IPersistedEvent;

    /// <summary>A settlement anchored in the log; <paramref name="TotalCents"/> (absent in early journals) lets a correction say what changed.</summary>
    public sealed record SettlementAnchored(string OperatorId, string Month, string Sha256, long LogIndex, long? TotalCents = null) : IPersistedEvent;

    public sealed record CampaignRegistered(string CampaignId) : IPersistedEvent;

    public sealed record CampaignUnregistered(string CampaignId) : IPersistedEvent;

    /// <summary>The directory has read the tagged journal up to this offset (the tag table's ordering).</summary>
    public sealed record FeedRead(long Offset) : IPersistedEvent;
}

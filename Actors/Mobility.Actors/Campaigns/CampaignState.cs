using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Actors.Campaigns;

/// <summary>Where a campaign stands: written (draft), counting journeys (active), or closed for good.</summary>
public enum CampaignPhase
{
    None,
    Draft,
    Active,
    Closed,
}

/// <summary>
/// The state of one campaign entity: its document, phase and the engine that holds every journey counted so far.
/// <see cref="Decide"/> says what a command means (an answer to give now, or events to persist); <see cref="Apply"/>
/// replays an event. The engine is deterministic (docs/campaigns.md, "Order"), so replaying the events after a restart
/// or on another node gives the same incentives.
/// </summary>
/// <param name="implicitTerritory">The configured territory (<c>Mobility:Carpool:Territory</c>), whose are the journeys
/// recorded before attribution existed: a campaign counts only the journeys attributed to its own territory.</param>
public sealed class CampaignState(string implicitTerritory = Carpool.CarpoolContext.DefaultTerritory)
{
    private readonly Dictionary<(string Operator, string Month), List<(string Sha256, long Index, long TotalCents)>> _anchors = [];

    public CampaignPhase Phase { get; private set; }

    public string Territory { get; private set; } = string.Empty;

    public byte[] Document { get; private set; } = [];

    public CampaignEngine? Engine { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? ActivatedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The latest anchored settlement of an operator and month, and the one it corrected, if any.</summary>
    public ((string Sha256, long Index, long TotalCents) Latest, (string Sha256, long Index, long TotalCents)? Previous)? AnchorOf(string operatorId, string month) =>
        _anchors.TryGetValue((operatorId, month), out var list) ? (list[^1], list.Count > 1 ? list[^2] : null) : null;

    /// <summary>False when the campaign does not exist for <paramref name="territory"/> (another tenant sees nothing).</summary>
    public bool VisibleTo(string territory) => Phase != CampaignPhase.None && string.Equals(Territory, territory, StringComparison.Ordinal);

    /// <summary>The events a lifecycle command persists, or a refusal.</summary>
    public (object? Event, CampaignReplies.Refused? Refusal) Decide(object command, DateTimeOffset now) => command switch
    {
        CampaignCommands.Create c when Phase != CampaignPhase.None => (null, VisibleTo(c.Territory)
            ? CampaignRefusals.Conflict("The campaign already exists.")
            : CampaignRefusals.Conflict("This campaign id is taken.")),
        CampaignCommands.Create c => Validate(c) is { } refusal ? (null, refusal) : (new CampaignEvents.Created(c.CampaignId, c.Territory, c.Document, now), null),
        CampaignCommands.Activate a when !VisibleTo(a.Territory) => (null, CampaignRefusals.NotFound()),
        CampaignCommands.Activate => Phase switch
        {
            CampaignPhase.Draft => (new CampaignEvents.Activated(now), null),
            CampaignPhase.Active => (null, null),
            _ => (null, CampaignRefusals.Conflict("A closed campaign cannot be activated again.")),
        },
        CampaignCommands.Close c when !VisibleTo(c.Territory) => (null, CampaignRefusals.NotFound()),
        CampaignCommands.Close => Phase == CampaignPhase.Closed ? (null, null) : (new CampaignEvents.Closed(now), null),
        CampaignCommands.Submit s when Phase == CampaignPhase.Active => (new CampaignEvents.JourneysCounted(
            s.Journeys.Where(j => j.Problem() is null && Counts(j) && Changes(j)).ToList()), null),
        CampaignCommands.Revoke r when Phase == CampaignPhase.Active && Engine?.Find(r.JourneyId) is { } e
                                      && e.Journey.OperatorId == r.OperatorId && e.Journey.Status != r.Status =>
            (new CampaignEvents.JourneyRevoked(r.OperatorId, r.JourneyId, r.Status), null),
        _ => (null, null),
    };

    public void Apply(object e)
    {
        switch (e)
        {
            case CampaignEvents.Created c:
                Territory = c.Territory;
                Document = c.Document;
                Engine = new CampaignEngine(CampaignParser.Parse(c.Document));
                CreatedAt = c.At;
                Phase = CampaignPhase.Draft;
                break;
            case CampaignEvents.Activated a:
                ActivatedAt = a.At;
                Phase = CampaignPhase.Active;
                break;
            case CampaignEvents.Closed c:
                ClosedAt = c.At;
                Phase = CampaignPhase.Closed;
                break;
            case CampaignEvents.JourneysCounted j:
                foreach (var journey in j.Journeys)
                {
                    Engine!.Add(journey);
                }
                break;
            case CampaignEvents.JourneyRevoked r:
                Engine!.SetStatus(r.JourneyId, r.Status);
                break;
            case CampaignEvents.SettlementAnchored s:
                if (!_anchors.TryGetValue((s.OperatorId, s.Month), out var list))
                {
                    _anchors[(s.OperatorId, s.Month)] = list = [];
                }

                list.Add((s.Sha256, s.LogIndex, s.TotalCents ?? -1));
                break;
        }
    }

    /// <summary>
    /// Only a journey attributed to this campaign's territory at its acceptance (it starts or ends there) counts: an
    /// authority's campaign never pays for another territory's journeys, and a journey between two territories counts
    /// in both territories' campaigns. Decided before persisting, so a replay counts exactly what was counted.
    /// </summary>
    public bool Counts(CampaignJourney j) =>
        Mobility.CarpoolProof.Territories.TerritoryMap.Includes(Mobility.CarpoolProof.Territories.TerritoryMap.Split(j.Territories), Territory, implicitTerritory);

    /// <summary>A replayed journey already counted with the same facts changes nothing and is not persisted again.</summary>
    private bool Changes(CampaignJourney j) => Engine?.Find(j.JourneyId) is not { } known || known.Journey != j;

    private static CampaignReplies.Refused? Validate(CampaignCommands.Create c)
    {
        if (c.Document.Length > CampaignParser.MaxDocumentBytes)
        {
            return CampaignRefusals.Invalid([new CampaignError("$", $"the document exceeds {CampaignParser.MaxDocumentBytes} bytes")]);
        }
        var (doc, errors) = CampaignParser.TryParse(c.Document);
        if (doc is null)
        {
            return CampaignRefusals.Invalid(errors);
        }
        return doc.Id.Value == c.CampaignId ? null : CampaignRefusals.Invalid([new CampaignError("$.id", $"the document's id '{doc.Id.Value}' is not the campaign id '{c.CampaignId}' of the URL")]);
    }
}

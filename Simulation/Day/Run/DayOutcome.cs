using System.Collections.Concurrent;

namespace Mobility.Simulation.Day.Run;

/// <summary>One trip as made: the hour of departure and the main mode (docs/simulation.md, modal share).</summary>
/// <summary>A trip of the day: its hour and main mode; for a traveler's planned trip also who, which trip, and the legs ridden (mode:operator:from-to).</summary>
public readonly record struct TripMade(int Hour, string Mode, int Traveler = -1, int Number = -1, string Legs = "");

/// <summary>
/// One declaration sent: who declared it, the fraud rule that should catch it (null for an honest one), the HTTP
/// status of its answer (or of its entry in a batch), the node's status and labels then, and after the day.
/// </summary>
public sealed class Declared(string operatorId, string journeyId, string? truth, bool batch)
{
    public string OperatorId { get; } = operatorId;

    public string JourneyId { get; } = journeyId;

    public string? Truth { get; } = truth;

    public bool Batch { get; } = batch;

    public int HttpStatus { get; set; }

    /// <summary>ok, fraud_error, anomaly_error as first answered; null when refused.</summary>
    public string? Status { get; set; }

    public HashSet<string> Labels { get; } = new(StringComparer.Ordinal);

    /// <summary>The problem details' title and detail of a refusal.</summary>
    public string? Refusal { get; set; }

    /// <summary>Why the journey was revoked after it was accepted (the node's revocation reason).</summary>
    public string? Revocation { get; set; }

    /// <summary>Status after the day (a later journey may flag an earlier one).</summary>
    public string? FinalStatus { get; set; }

    public bool AcceptedOk => HttpStatus == 201 && Status == "ok";
}

/// <summary>What the day produced, for the ledger and the report.</summary>
public sealed class DayOutcome
{
    public ConcurrentQueue<TripMade> Trips { get; } = new();

    /// <summary>Class C journeys (operator, journey id) another operator claimed with a class A declaration: each must stay ok.</summary>
    public ConcurrentQueue<(string Operator, string JourneyId)> AimedAt { get; } = new();

    public ConcurrentQueue<Declared> Declarations { get; } = new();

    public List<CampaignResult> Campaigns { get; } = [];

    public List<LedgerCheck> Checks { get; } = [];

    public List<string> Faults { get; } = [];

    /// <summary>Notices of /plan answers (a stale feed left out...), with how many answers carried each.</summary>
    public ConcurrentDictionary<string, int> PlanNotices { get; } = new(StringComparer.Ordinal);

    public LatencySample[] Latencies { get; set; } = [];

    /// <summary>Taps and revenue per transit operator (docs/ticketing.md): what was uploaded and answered, what the clearing gives it.</summary>
    public ConcurrentDictionary<string, OperatorTickets> Tickets { get; } = new(StringComparer.Ordinal);

    /// <summary>Transit legs ridden that no simulated agency could tap, by the operator /plan named.</summary>
    public ConcurrentDictionary<string, int> TransitUntapped { get; } = new(StringComparer.Ordinal);

    /// <summary>Transit legs /plan priced other than their network's single fare (or 0 for a connection).</summary>
    public ConcurrentQueue<string> FareDisagreements { get; } = new();

    public long TicketRevenue;
    public long TicketAccountsCharged;
    public int TicketAccounts;

    public int Offers;
    public int CarpoolBooked;
    public int CarpoolRefused;
    public int NoItinerary;

    /// <summary>Slices whose plans ran before the planner showed every offer as its operator holds it (the day then depends on timing).</summary>
    public int PlannerLagged;

    /// <summary>Requests answered 503 (an entity busy past its bound) and sent again.</summary>
    public int Retried;
    public long CheckpointBefore;
    public long CheckpointAfter;
    public TimeSpan Wall;
    public long PeakWorkingSetBytes;
}

/// <param name="Journeys">Journeys the campaign holds (<c>journeys</c> of its overview).</param>
/// <param name="NotAccepted">Held but no longer accepted (flagged or cancelled after acceptance).</param>
public sealed record CampaignResult(string Id, long PaidCents, long? BudgetCents, int Journeys, int Eligible, int NotAccepted, int PaidAwards);

/// <summary>
/// One transit operator's tickets: taps uploaded and how they were answered, the fares of those charged and what each
/// was charged on arrival (a later tap may lower it), and the operator's share in the clearing drafts (amount, legs).
/// Updated by one upload at a time.
/// </summary>
public sealed class OperatorTickets(string op)
{
    public string Operator { get; } = op;

    public int Uploaded { get; set; }

    public Dictionary<string, int> Outcomes { get; } = new(StringComparer.Ordinal);

    public long Fares { get; set; }

    public long ChargedAtUpload { get; set; }

    public long Cleared { get; set; }

    public long ClearedLegs { get; set; }

    [System.Text.Json.Serialization.JsonIgnore]
    public List<string> Refusals { get; } = [];
}

/// <summary>A check of the ledger: its name, whether it holds, and what was compared.</summary>
public sealed record LedgerCheck(string Name, bool Holds, string Detail);

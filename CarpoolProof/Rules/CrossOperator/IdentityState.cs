using static Mobility.CarpoolProof.Rules.CrossOperator.IdentityCommands;
using static Mobility.CarpoolProof.Rules.CrossOperator.IdentityEvents;

namespace Mobility.CarpoolProof.Rules.CrossOperator;

/// <summary>
/// The journeys of one pseudonymous identity across every operator, and the rules that need them: registry terms
/// (same operator: too_many_trips_by_day, too_close_trips), fraud (other operators: interoperator_overlap,
/// interoperator_too_many_trips_by_day, interoperator_too_close_trips) and temporal_overlap_anomaly; and the evidence
/// values (pick-up challenges, drop-off nonces) its journeys used, so that a statement replayed or re-signed over a
/// used value is refused. Pure: the cluster shards it by identity key and an actor persists the events; the in-process
/// pipeline keeps one per identity in memory. Both ask <see cref="Answer"/>, so both decide alike.
/// </summary>
public sealed class IdentityState(string identityKey)
{
    public const int MaxTripsPerDay = 4;
    public static readonly TimeSpan MinGapBetweenTrips = TimeSpan.FromMinutes(30);
    public const double MaxOverlapRatio = 0.7;
    /// <summary>Journeys older than this before the newest are forgotten: every rule looks at most a day around.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(72);
    /// <summary>Hard bound on the journeys kept per identity (a genuine person makes a handful a day).</summary>
    public const int MaxTrips = 512;

    /// <summary>Journey keys kept for the traveler's "my attestations" and to know a journey recorded (most recent).</summary>
    public const int MaxJourneyKeys = 2_000;

    /// <summary>Evidence values kept for replay detection (most recent; a fresh value has 128 random bits at least).</summary>
    public const int MaxValues = 4_096;

    private readonly List<TripFacts> _trips = [];
    private readonly List<string> _journeys = [];
    private readonly HashSet<string> _journeySet = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly Queue<string> _valueOrder = new();

    public string IdentityKey { get; } = identityKey;
    public int TripCount => _trips.Count;

    /// <summary>The journeys recorded for this identity, oldest first (at most <see cref="MaxJourneyKeys"/>).</summary>
    public IReadOnlyList<string> JourneyKeys => _journeys;

    /// <summary>Whether this journey is recorded for this identity (a commit re-sent after a crash changes nothing).</summary>
    public bool Knows(string journeyKey) => _journeySet.Contains(journeyKey);

    /// <summary>
    /// What this identity says of a new journey: the rules it would break (none for a journey already recorded here,
    /// which is being re-committed) and its evidence values already used by another of this identity's journeys.
    /// </summary>
    public IdentityAnswer Answer(TripFacts trip, IReadOnlyList<string> values)
    {
        List<string>? replays = null;
        foreach (var v in values)
            if (_values.TryGetValue(v, out var owner) && owner != trip.JourneyKey)
                (replays ??= []).Add($"{v} already used in {owner}");
        return new IdentityAnswer(Knows(trip.JourneyKey) ? [] : Evaluate(trip), replays ?? (IReadOnlyList<string>)[]);
    }

    public IReadOnlyList<IIdentityEvent> Process(IIdentityCommand command) => command switch
    {
        Check c => [new TripChecked(IdentityKey, c.Trip.JourneyKey, Evaluate(c.Trip))],
        Record r when Knows(r.Trip.JourneyKey) || _trips.Exists(t => t.JourneyKey == r.Trip.JourneyKey) => [],
        Record r => [new TripRecorded(IdentityKey, r.Trip, r.Values)],
        Revoke v when _trips.Exists(t => t.JourneyKey == v.JourneyKey) => [new TripRevoked(IdentityKey, v.JourneyKey, v.Reason)],
        Revoke => [],
        _ => throw new ArgumentException($"unknown command {command.GetType().Name}", nameof(command)),
    };

    public void Apply(IIdentityEvent e)
    {
        switch (e)
        {
            case TripChecked:
                break;
            case TripRecorded r:
                _trips.Add(r.Trip);
                Prune(r.Trip.Start);
                Remember(r.Trip.JourneyKey, r.Values ?? []);
                if (_journeySet.Add(r.Trip.JourneyKey))
                {
                    _journeys.Add(r.Trip.JourneyKey);
                    if (_journeys.Count > MaxJourneyKeys)
                    {
                        _journeySet.Remove(_journeys[0]);
                        _journeys.RemoveAt(0);
                    }
                }
                break;
            case TripRevoked v:
                _trips.RemoveAll(t => t.JourneyKey == v.JourneyKey);
                break;
        }
    }

    /// <summary>Binds evidence values to a journey of this identity (also used to restore them from a store).</summary>
    public void Remember(string journeyKey, IReadOnlyList<string> values)
    {
        foreach (var v in values)
            if (_values.TryAdd(v, journeyKey))
                _valueOrder.Enqueue(v);
        while (_valueOrder.Count > MaxValues) _values.Remove(_valueOrder.Dequeue());
    }

    /// <summary>Violations a new journey would cause for this identity, given the journeys already recorded.</summary>
    public List<RuleViolation> Evaluate(TripFacts trip)
    {
        var v = new List<RuleViolation>();
        var day = trip.Start.UtcDateTime.Date;
        var sameOperatorTrips = new HashSet<string>(StringComparer.Ordinal) { trip.OperatorTripId };
        var allTrips = new HashSet<(string, string)> { (trip.OperatorId, trip.OperatorTripId) };
        foreach (var t in _trips)
        {
            if (t.JourneyKey == trip.JourneyKey) continue;
            var sameTrip = t.OperatorId == trip.OperatorId && t.OperatorTripId == trip.OperatorTripId;
            var otherOperator = t.OperatorId != trip.OperatorId;
            // A journey with weaker evidence does not count against this one in the day's count across operators
            // (docs/proofs.md, "Overlapping journeys"): else any operator could push a person over the day's limit by
            // naming its identity key in class A declarations. The same operator's own count (registry terms) is kept.
            var weaker = Strength(t.ProofClass) is > 0 and var theirs && Strength(trip.ProofClass) > theirs;
            if (t.Start.UtcDateTime.Date == day)
            {
                if (!weaker) allTrips.Add((t.OperatorId, t.OperatorTripId));
                if (t.OperatorId == trip.OperatorId) sameOperatorTrips.Add(t.OperatorTripId);
            }
            if (sameTrip) continue; // one driver, several passengers: one trip, not a conflict

            var overlap = Overlap(t.Start, t.End, trip.Start, trip.End);
            if (otherOperator && overlap > TimeSpan.Zero)
                v.Add(WeighOverlap(trip, t));

            // Registry: same passenger, same operator, overlapping at least 70% (we read "above 0.7" of the shorter).
            if (!otherOperator && trip.Role == Evidence.OccupantRole.Passenger && t.Role == Evidence.OccupantRole.Passenger)
            {
                var shorter = Min(t.End - t.Start, trip.End - trip.Start);
                if (shorter > TimeSpan.Zero && overlap / shorter > MaxOverlapRatio)
                    v.Add(new(RuleLabel.TemporalOverlapAnomaly, RuleSeverity.Anomaly, $"overlaps {t.JourneyKey} by more than 70%", t.JourneyKey));
            }

            // Same driver-passenger pair less than 30 minutes apart (overlap counts as closer still).
            if (t.Counterpart == trip.Counterpart && Gap(t, trip) < MinGapBetweenTrips)
                v.Add(otherOperator
                    ? Weigh(RuleLabel.InteroperatorTooCloseTrips, "same pair within 30 min of", trip, t)
                    : new(RuleLabel.TooCloseTrips, RuleSeverity.Terms, $"same pair within 30 min of {t.JourneyKey}", t.JourneyKey));
        }
        if (sameOperatorTrips.Count > MaxTripsPerDay)
            v.Add(new(RuleLabel.TooManyTripsByDay, RuleSeverity.Terms, $"{sameOperatorTrips.Count} trips on {day:yyyy-MM-dd} with one operator"));
        else if (allTrips.Count > MaxTripsPerDay)
            v.Add(new(RuleLabel.InteroperatorTooManyTripsByDay, RuleSeverity.Fraud, $"{allTrips.Count} trips on {day:yyyy-MM-dd} across operators"));
        return v;
    }

    /// <summary>
    /// One person cannot ride in two cars at once, so one of two overlapping journeys at different operators is false.
    /// Weaker evidence never revokes stronger evidence (docs/proofs.md, "Overlapping journeys"): the journey with the
    /// weaker proof class is flagged and the stronger one stands; with equal classes, or a class unknown (recorded
    /// before classes were kept), neither can be preferred and both are flagged.
    /// </summary>
    private static RuleViolation WeighOverlap(TripFacts incoming, TripFacts recorded) => Weigh(RuleLabel.InteroperatorOverlap, "overlaps", incoming, recorded);

    /// <summary>
    /// A cross-operator rule between two journeys of one identity (overlap, the 30-minute pair rule), weighed by proof
    /// class: the weaker journey is the one flagged; equal or unknown strength flags both.
    /// </summary>
    private static RuleViolation Weigh(string label, string what, TripFacts incoming, TripFacts recorded)
    {
        var mine = Strength(incoming.ProofClass);
        var theirs = Strength(recorded.ProofClass);
        if (mine > 0 && theirs > 0 && mine < theirs)
            return new(label, RuleSeverity.Fraud,
                $"{what} {recorded.JourneyKey}, whose class {recorded.ProofClass} evidence is stronger than class {incoming.ProofClass}: that journey stands");
        if (mine > 0 && theirs > 0 && mine > theirs)
            return new(label, RuleSeverity.Indicts,
                $"{what} {recorded.JourneyKey}, whose class {recorded.ProofClass} evidence is weaker than class {incoming.ProofClass}: that journey is flagged", recorded.JourneyKey);
        return new(label, RuleSeverity.Fraud, $"{what} {recorded.JourneyKey} with evidence of equal or unknown strength", recorded.JourneyKey);
    }

    private static int Strength(string? proofClass) =>
        Enum.TryParse<Grading.ProofClass>(proofClass, ignoreCase: false, out var c) && Enum.IsDefined(c) ? (int)c : 0;

    private static TimeSpan Overlap(DateTimeOffset s1, DateTimeOffset e1, DateTimeOffset s2, DateTimeOffset e2)
    {
        var o = (e1 < e2 ? e1 : e2) - (s1 > s2 ? s1 : s2);
        return o > TimeSpan.Zero ? o : TimeSpan.Zero;
    }

    /// <summary>Time between two journeys; negative when they overlap.</summary>
    private static TimeSpan Gap(TripFacts a, TripFacts b) => Max(b.Start - a.End, a.Start - b.End);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private void Prune(DateTimeOffset newest)
    {
        var horizon = newest - Retention;
        _trips.RemoveAll(t => t.End < horizon);
        if (_trips.Count > MaxTrips) _trips.RemoveRange(0, _trips.Count - MaxTrips);
    }
}

using System.Runtime.CompilerServices;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Engine;

/// <summary>
/// Computes one campaign's incentives, incrementally and deterministically. Journeys are kept in
/// <see cref="CapOrder"/>; caps and the budget are consumed in that order. A journey arriving after later ones, or a
/// status change (flag, cancellation), releases the awards from that position on and re-evaluates them in order, so
/// the state is always the one a batch run over the same journeys would give, whatever the arrival order. Pure: no
/// I/O, no clock.
/// </summary>
public sealed class CampaignEngine
{
    private readonly List<Entry> _ordered = [];
    private readonly Dictionary<string, Entry> _byId = new(StringComparer.Ordinal);
    private readonly LimitLedger[] _ledgers;
    private readonly Dictionary<ulong, string>[] _ruleTexts;
    private readonly Dictionary<long, TimeSpan> _offsets = [];

    public CampaignEngine(CampaignDocument campaign)
    {
        Campaign = campaign;
        _ledgers = campaign.Beneficiaries.Select(b => new LimitLedger(b)).ToArray();
        _ruleTexts = campaign.Beneficiaries.Select(_ => new Dictionary<ulong, string>()).ToArray();
    }

    public CampaignDocument Campaign { get; }

    public long BudgetSpentCents { get; private set; }

    public int Count => _ordered.Count;

    /// <summary>Every journey's evaluation, in cap order.</summary>
    public IEnumerable<JourneyEvaluation> Evaluations => _ordered.Select(e => e.ToEvaluation());

    public JourneyEvaluation? Find(string journeyId) => _byId.TryGetValue(journeyId, out var e) ? e.ToEvaluation() : null;

    /// <summary>What-if: runs <paramref name="campaign"/> over past journeys and returns the evaluations in cap order.</summary>
    public static CampaignEngine Simulate(CampaignDocument campaign, IEnumerable<CampaignJourney> journeys)
    {
        var engine = new CampaignEngine(campaign);
        var sorted = journeys.ToList();
        sorted.Sort(CapOrder.Comparer);
        foreach (var j in sorted)
        {
            engine.Add(j);
        }
        return engine;
    }

    /// <summary>Adds a journey, or replaces the stored version of the same journey id (e.g. a new status).</summary>
    public JourneyEvaluation Submit(CampaignJourney journey) => Store(journey).ToEvaluation();

    /// <summary>
    /// <see cref="Submit"/> without materializing the evaluation: bulk feeds (simulation, the cluster's campaign
    /// entities) read the outcomes later, so they save two allocations per journey and campaign.
    /// </summary>
    public void Add(CampaignJourney journey) => Store(journey);

    private Entry Store(CampaignJourney journey)
    {
        if (journey.Problem() is { } problem)
        {
            throw new ArgumentException($"journey {journey.JourneyId}: {problem}", nameof(journey));
        }
        // Everything from releasedFrom on has been released and awaits re-evaluation.
        var releasedFrom = _ordered.Count;
        if (_byId.TryGetValue(journey.JourneyId, out var old))
        {
            releasedFrom = IndexOf(old.Journey);
            ReleaseFrom(releasedFrom);
            _ordered.RemoveAt(releasedFrom);
        }
        var at = InsertionPoint(journey);
        if (at < releasedFrom)
        {
            ReleaseFrom(at);
            releasedFrom = at;
        }
        var entry = new Entry(journey, Campaign.Beneficiaries.Count);
        _ordered.Insert(at, entry);
        _byId[journey.JourneyId] = entry;
        EvaluateFrom(releasedFrom);
        return entry;
    }

    /// <summary>A later flag or cancellation: the journey's awards are released and later journeys re-evaluated.</summary>
    public JourneyEvaluation SetStatus(string journeyId, JourneyStatus status)
    {
        if (!_byId.TryGetValue(journeyId, out var entry))
        {
            throw new KeyNotFoundException($"journey {journeyId} is not known to campaign {Campaign.Id}");
        }
        return entry.Journey.Status == status ? entry.ToEvaluation() : Submit(entry.Journey with { Status = status });
    }

    private void ReleaseFrom(int index)
    {
        for (var i = index; i < _ordered.Count; i++)
        {
            var e = _ordered[i];
            if (e.Evaluated)
            {
                Release(e);
                e.Evaluated = false;
            }
        }
    }

    private void EvaluateFrom(int index)
    {
        for (var i = index; i < _ordered.Count; i++)
        {
            if (!_ordered[i].Evaluated)
            {
                Evaluate(_ordered[i]);
            }
        }
    }

    private void Evaluate(Entry entry)
    {
        var j = entry.Journey;
        var local = LocalTime(j.StartTime);
        var date = DateOnly.FromDateTime(local);
        entry.Evaluated = true;
        entry.LocalDate = date;
        entry.Reason = Eligibility.Check(Campaign, j, date, TimeOnly.FromDateTime(local));
        if (entry.Reason is not null)
        {
            return;
        }
        var booster = 1000;
        for (var i = 0; i < Campaign.Boosters.Count; i++)
        {
            if (Campaign.Boosters[i].Dates.Contains(date))
            {
                booster = Campaign.Boosters[i].PerMille;
            }
        }
        for (var k = 0; k < Campaign.Beneficiaries.Count; k++)
        {
            var policy = Campaign.Beneficiaries[k];
            var identity = policy.Role == BeneficiaryRole.Driver ? j.DriverKey : j.PassengerKey;
            var computed = AmountCalculator.Compute(policy, j.DistanceMetres, j.Seats, booster);
            var caps = computed.CapMask;
            var ledger = _ledgers[k];
            var id = ledger.Intern(identity);
            var cents = ledger.Cut(id, date, computed.Cents, ref caps);
            if (Campaign.BudgetCents is { } budget && cents > budget - BudgetSpentCents)
            {
                cents = Math.Max(0, budget - BudgetSpentCents);
                caps |= CapLabels.Budget;
            }
            if (cents > 0)
            {
                ledger.Record(id, date, cents);
                BudgetSpentCents += cents;
            }
            var award = new Award(policy.Role, identity, cents, computed.Cents, RulesText(k, computed.RuleMask), booster, caps);
            if (k == 0)
            {
                entry.First = award;
            }
            else
            {
                entry.Second = award;
            }
        }
    }

    /// <summary>
    /// Local wall time in the campaign's timezone. The UTC offset is cached per UTC minute: offsets of the tz database
    /// have changed on whole minutes since 1970, so a minute never straddles a transition.
    /// </summary>
    private DateTime LocalTime(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        var minute = utc.Ticks / TimeSpan.TicksPerMinute;
        if (!_offsets.TryGetValue(minute, out var offset))
        {
            if (_offsets.Count > 1_000_000)
            {
                _offsets.Clear();
            }
            offset = Campaign.TimeZone.GetUtcOffset(utc);
            _offsets[minute] = offset;
        }
        return utc + offset;
    }

    private string RulesText(int policy, ulong mask)
    {
        var cache = _ruleTexts[policy];
        if (!cache.TryGetValue(mask, out var text))
        {
            text = AmountCalculator.RulesText(Campaign.Beneficiaries[policy], mask);
            cache[mask] = text;
        }
        return text;
    }

    private void Release(Entry e)
    {
        if (e.Reason is not null)
        {
            return;
        }
        for (var k = 0; k < Campaign.Beneficiaries.Count; k++)
        {
            var a = k == 0 ? e.First : e.Second;
            if (a.Cents > 0)
            {
                _ledgers[k].Release(a.IdentityKey, e.LocalDate, a.Cents);
                BudgetSpentCents -= a.Cents;
            }
        }
    }

    private int InsertionPoint(CampaignJourney j)
    {
        // Fast path: journeys mostly arrive in start order.
        if (_ordered.Count == 0 || CapOrder.Compare(_ordered[^1].Journey, j) < 0)
        {
            return _ordered.Count;
        }
        int lo = 0, hi = _ordered.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (CapOrder.Compare(_ordered[mid].Journey, j) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private int IndexOf(CampaignJourney j)
    {
        var at = InsertionPoint(j);
        return at < _ordered.Count && _ordered[at].Journey.JourneyId == j.JourneyId
            ? at
            : throw new InvalidOperationException($"journey {j.JourneyId} is missing from the ordered list");
    }

    /// <summary>
    /// One journey's slot and, once evaluated, its outcome; a single object per journey per campaign (awards are
    /// structs held inline; a campaign has at most two beneficiaries) keeps the heap small for the garbage collector.
    /// </summary>
    private sealed class Entry(CampaignJourney journey, int beneficiaries)
    {
        public CampaignJourney Journey { get; } = journey;

        public bool Evaluated { get; set; }

        public DateOnly LocalDate { get; set; }

        public Ineligibility? Reason { get; set; }

        public Award First { get; set; }

        /// <summary>The passenger's award when a campaign pays both; boxed so driver-only campaigns do not carry it.</summary>
        public Award Second
        {
            get => _second?.Value ?? default;
            set => (_second ??= new StrongBox<Award>()).Value = value;
        }

        private StrongBox<Award>? _second;

        public JourneyEvaluation ToEvaluation() => new(Journey, LocalDate, Reason,
            Reason is not null ? [] : beneficiaries == 1 ? [First] : [First, Second]);
    }
}

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
    public IEnumerable<JourneyEvaluation> Evaluations => _ordered.Select(e => e.Evaluation!);

    public JourneyEvaluation? Find(string journeyId) => _byId.TryGetValue(journeyId, out var e) ? e.Evaluation : null;

    /// <summary>What-if: runs <paramref name="campaign"/> over past journeys and returns the evaluations in cap order.</summary>
    public static CampaignEngine Simulate(CampaignDocument campaign, IEnumerable<CampaignJourney> journeys)
    {
        var engine = new CampaignEngine(campaign);
        var sorted = journeys.ToList();
        sorted.Sort(CapOrder.Comparer);
        foreach (var j in sorted)
        {
            engine.Submit(j);
        }
        return engine;
    }

    /// <summary>Adds a journey, or replaces the stored version of the same journey id (e.g. a new status).</summary>
    public JourneyEvaluation Submit(CampaignJourney journey)
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
        var entry = new Entry(journey);
        _ordered.Insert(at, entry);
        _byId[journey.JourneyId] = entry;
        EvaluateFrom(releasedFrom);
        return entry.Evaluation!;
    }

    /// <summary>A later flag or cancellation: the journey's awards are released and later journeys re-evaluated.</summary>
    public JourneyEvaluation SetStatus(string journeyId, JourneyStatus status)
    {
        if (!_byId.TryGetValue(journeyId, out var entry))
        {
            throw new KeyNotFoundException($"journey {journeyId} is not known to campaign {Campaign.Id}");
        }
        return entry.Journey.Status == status ? entry.Evaluation! : Submit(entry.Journey with { Status = status });
    }

    private void ReleaseFrom(int index)
    {
        for (var i = index; i < _ordered.Count; i++)
        {
            var e = _ordered[i];
            if (e.Evaluation is { } ev)
            {
                Release(ev);
                e.Evaluation = null;
            }
        }
    }

    private void EvaluateFrom(int index)
    {
        for (var i = index; i < _ordered.Count; i++)
        {
            _ordered[i].Evaluation ??= Evaluate(_ordered[i].Journey);
        }
    }

    private JourneyEvaluation Evaluate(CampaignJourney j)
    {
        var local = LocalTime(j.StartTime);
        var date = DateOnly.FromDateTime(local);
        var reason = Eligibility.Check(Campaign, j, date, TimeOnly.FromDateTime(local));
        if (reason is not null)
        {
            return new JourneyEvaluation(j, date, reason, []);
        }
        var booster = 1000;
        for (var i = 0; i < Campaign.Boosters.Count; i++)
        {
            if (Campaign.Boosters[i].Dates.Contains(date))
            {
                booster = Campaign.Boosters[i].PerMille;
            }
        }
        var awards = new Award[Campaign.Beneficiaries.Count];
        for (var k = 0; k < awards.Length; k++)
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
            awards[k] = new Award(policy.Role, identity, cents, computed.Cents, RulesText(k, computed.RuleMask), booster, caps);
        }
        return new JourneyEvaluation(j, date, null, awards);
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

    private void Release(JourneyEvaluation ev)
    {
        for (var k = 0; k < ev.Awards.Count; k++)
        {
            var a = ev.Awards[k];
            if (a.Cents > 0)
            {
                _ledgers[k].Release(a.IdentityKey, ev.LocalDate, a.Cents);
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

    private sealed class Entry(CampaignJourney journey)
    {
        public CampaignJourney Journey { get; } = journey;

        public JourneyEvaluation? Evaluation { get; set; }
    }
}

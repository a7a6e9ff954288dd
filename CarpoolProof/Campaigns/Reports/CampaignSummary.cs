using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Reports;

/// <summary>What a (simulated) campaign did: totals, how often each rule paid and each cap cut, budget use.</summary>
public sealed record CampaignSummary(
    int Journeys,
    int Eligible,
    int PaidAwards,
    long PaidCents,
    long ComputedCents,
    IReadOnlyDictionary<Ineligibility, int> Ineligible,
    IReadOnlyDictionary<string, (int Awards, long Cents)> PerRule,
    IReadOnlyDictionary<string, (int Cuts, long CutCents)> PerCap,
    long? BudgetCents)
{
    public static CampaignSummary Of(CampaignDocument campaign, IEnumerable<JourneyEvaluation> evaluations)
    {
        int journeys = 0, eligible = 0, paid = 0;
        long paidCents = 0, computed = 0;
        var ineligible = new SortedDictionary<Ineligibility, int>();
        var perRule = new SortedDictionary<string, (int, long)>(StringComparer.Ordinal);
        var perCap = new SortedDictionary<string, (int, long)>(StringComparer.Ordinal);
        foreach (var e in evaluations)
        {
            journeys++;
            if (e.Reason is { } r)
            {
                ineligible[r] = ineligible.GetValueOrDefault(r) + 1;
                continue;
            }
            eligible++;
            foreach (var a in e.Awards)
            {
                computed += a.ComputedCents;
                if (a.Cents > 0)
                {
                    paid++;
                    paidCents += a.Cents;
                }
                // An award paid by several rules counts once for each; its cents go to the '+'-joined combination.
                var rules = a.Rules.Length == 0 ? "(none)" : a.Rules;
                var (n, c) = perRule.GetValueOrDefault(rules);
                perRule[rules] = (n + 1, c + a.Cents);
                foreach (var cap in a.Caps)
                {
                    var (k, cut) = perCap.GetValueOrDefault(cap);
                    perCap[cap] = (k + 1, cut);
                }
                if (a.Caps.Count > 0)
                {
                    // The cut of the limits and budget (computed minus paid) is booked on the last cap that cut.
                    var last = a.Caps[^1];
                    var (k, cut) = perCap[last];
                    perCap[last] = (k, cut + (a.ComputedCents - a.Cents));
                }
            }
        }
        return new CampaignSummary(journeys, eligible, paid, paidCents, computed, ineligible, perRule, perCap, campaign.BudgetCents);
    }
}

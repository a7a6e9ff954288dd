using System.Globalization;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Settlement;

/// <summary>Groups a campaign's evaluations into monthly settlements per operator; pure.</summary>
public static class SettlementBuilder
{
    /// <summary>
    /// Settlements of <paramref name="month"/> (first day of the month, campaign timezone), one per operator with at
    /// least one award whose computed amount was positive. Lines follow the cap order, driver before passenger.
    /// </summary>
    public static IReadOnlyList<MonthlySettlement> Monthly(CampaignDocument campaign, IEnumerable<JourneyEvaluation> evaluations, DateOnly month)
    {
        var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var byOperator = new SortedDictionary<string, List<SettlementLine>>(StringComparer.Ordinal);
        foreach (var e in evaluations.OrderBy(e => e.Journey, CapOrder.Comparer))
        {
            if (e.LocalDate.Year != month.Year || e.LocalDate.Month != month.Month)
            {
                continue;
            }
            foreach (var a in e.Awards.OrderBy(a => a.Role))
            {
                if (a.ComputedCents <= 0)
                {
                    continue;
                }
                if (!byOperator.TryGetValue(e.Journey.OperatorId, out var lines))
                {
                    byOperator[e.Journey.OperatorId] = lines = [];
                }
                var start = e.Journey.StartTime.ToUniversalTime();
                lines.Add(new SettlementLine(e.Journey.JourneyId, e.Journey.LogIndex,
                    new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, start.Second, TimeSpan.Zero),
                    a.Role, a.IdentityKey, a.Cents, a.ComputedCents, a.Rules, a.BoosterPerMille, a.CapsText));
            }
        }
        return byOperator.Select(kv => new MonthlySettlement(campaign.Id.Value, campaign.Sha256Hex, kv.Key, label, kv.Value)).ToList();
    }

    /// <summary>Every month that has at least one evaluation, in order.</summary>
    public static IReadOnlyList<DateOnly> Months(IEnumerable<JourneyEvaluation> evaluations) =>
        evaluations.Where(e => e.Reason is null).Select(e => new DateOnly(e.LocalDate.Year, e.LocalDate.Month, 1)).Distinct().Order().ToList();
}

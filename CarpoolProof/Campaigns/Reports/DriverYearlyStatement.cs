using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Reports;

/// <summary>
/// A driver's incentives over one calendar year across campaigns, e.g. for the employer's sustainable mobility
/// allowance: every paid trip (date, campaign, journey, amount) and the totals per campaign.
/// </summary>
public sealed record DriverYearlyStatement(string DriverKey, int Year, IReadOnlyList<DriverStatementLine> Lines)
{
    public long TotalCents => Lines.Sum(l => l.Cents);

    public int Trips => Lines.Count;

    public IReadOnlyDictionary<string, long> TotalsPerCampaign =>
        Lines.GroupBy(l => l.CampaignId).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Cents));

    /// <summary>Builds the statement from each campaign's evaluations (local dates of each campaign's timezone).</summary>
    public static DriverYearlyStatement Build(string driverKey, int year, IEnumerable<(CampaignDocument Campaign, IEnumerable<JourneyEvaluation> Evaluations)> campaigns)
    {
        var lines = new List<DriverStatementLine>();
        foreach (var (campaign, evaluations) in campaigns)
        {
            foreach (var e in evaluations)
            {
                if (e.LocalDate.Year != year)
                {
                    continue;
                }
                foreach (var a in e.Awards)
                {
                    if (a.Role == BeneficiaryRole.Driver && a.IdentityKey == driverKey && a.Cents > 0)
                    {
                        lines.Add(new DriverStatementLine(e.LocalDate, campaign.Id.Value, e.Journey.OperatorId, e.Journey.JourneyId, e.Journey.DistanceMetres, a.Cents));
                    }
                }
            }
        }
        lines.Sort((a, b) => a.Date != b.Date ? a.Date.CompareTo(b.Date) : string.CompareOrdinal(a.JourneyId, b.JourneyId));
        return new DriverYearlyStatement(driverKey, year, lines);
    }

    public string ToCsv()
    {
        var sb = new StringBuilder("date,campaign_id,operator_id,journey_id,distance_m,amount_cents\n");
        foreach (var l in Lines)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{l.Date:yyyy-MM-dd},{l.CampaignId},{l.OperatorId},{l.JourneyId},{l.DistanceMetres},{l.Cents}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"total,,,{Trips} trips,,{TotalCents}\n");
        return sb.ToString();
    }
}

public sealed record DriverStatementLine(DateOnly Date, string CampaignId, string OperatorId, string JourneyId, int DistanceMetres, long Cents);

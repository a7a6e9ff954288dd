using System.Globalization;
using System.Text;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Reports;
using Mobility.CarpoolProof.Campaigns.Settlement;

namespace Mobility.Actors.Campaigns;

/// <summary>What the campaign endpoints show, rendered from the state by the entity that owns it.</summary>
public static class CampaignViews
{
    public static CampaignReplies.Document Overview(string campaignId, CampaignState state)
    {
        var engine = state.Engine!;
        return Json(w =>
        {
            w.WriteString("id", campaignId);
            w.WriteString("territory", state.Territory);
            w.WriteString("phase", state.Phase.ToString().ToLowerInvariant());
            w.WriteString("document_sha256", engine.Campaign.Sha256Hex);
            WriteTime(w, "created_at", state.CreatedAt);
            WriteTime(w, "activated_at", state.ActivatedAt);
            WriteTime(w, "closed_at", state.ClosedAt);
            w.WriteNumber("budget_spent_cents", engine.BudgetSpentCents);
            WriteSummary(w, CampaignSummary.Of(engine.Campaign, engine.Evaluations));
        });
    }

    public static CampaignReplies.Document Summary(CampaignSummary summary) => Json(w => WriteSummary(w, summary));

    /// <summary>One row per award of <paramref name="identityKey"/>, as driver or passenger.</summary>
    public static CampaignReplies.Document Incentives(string campaignId, CampaignState state, string identityKey) => Json(w =>
    {
        w.WriteString("campaign", campaignId);
        w.WriteStartArray("incentives");
        foreach (var e in state.Engine!.Evaluations)
        {
            foreach (var a in e.Awards.Where(a => a.IdentityKey == identityKey))
            {
                w.WriteStartObject();
                w.WriteString("operator_id", e.Journey.OperatorId);
                w.WriteString("operator_journey_id", e.Journey.JourneyId);
                w.WriteString("date", e.LocalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                w.WriteString("role", a.Role.ToString().ToLowerInvariant());
                w.WriteNumber("amount_cents", a.Cents);
                w.WriteString("rule", a.Rules);
                w.WriteString("cap", a.CapsText);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();
    });

    public static CampaignReplies.Document Statement(CampaignState state, string driverKey, int year)
    {
        var statement = DriverYearlyStatement.Build(driverKey, year, [(state.Engine!.Campaign, state.Engine.Evaluations)]);
        return new CampaignReplies.Document(DocumentFormat.Csv, statement.ToCsv());
    }

    public static CampaignReplies.Document OpenData(CampaignState state)
    {
        var engine = state.Engine!;
        var rows = engine.Evaluations.Where(e => e.Reason is null).Select(e => (e.Journey, e.TotalCents));
        return new CampaignReplies.Document(DocumentFormat.Csv, OpenDataExport.Build(rows, engine.Campaign.TimeZone).ToCsv());
    }

    /// <summary>The operator's settlement of <paramref name="month"/>, or null when it has no award that month.</summary>
    public static MonthlySettlement? SettlementOf(CampaignState state, DateOnly month, string operatorId) =>
        SettlementBuilder.Monthly(state.Engine!.Campaign, state.Engine.Evaluations, month).FirstOrDefault(s => s.OperatorId == operatorId);

    public static CampaignReplies.Document RenderSettlement(MonthlySettlement s, string format, ISettlementSigner signer, long logIndex, SettlementCorrection? corrects = null)
    {
        var canonical = SettlementCsv.CanonicalBytes(s);
        if (format == "csv")
        {
            return new CampaignReplies.Document(DocumentFormat.Csv, Encoding.UTF8.GetString(canonical));
        }
        var json = SettlementJson.Render(s, canonical, signer.Sign(canonical), signer, logIndex, corrects);
        return new CampaignReplies.Document(DocumentFormat.Json, Encoding.UTF8.GetString(json));
    }

    private static void WriteSummary(Utf8JsonWriter w, CampaignSummary s)
    {
        w.WriteNumber("journeys", s.Journeys);
        w.WriteNumber("eligible", s.Eligible);
        w.WriteNumber("paid_awards", s.PaidAwards);
        w.WriteNumber("paid_cents", s.PaidCents);
        w.WriteNumber("computed_cents", s.ComputedCents);
        if (s.BudgetCents is { } budget)
        {
            w.WriteNumber("budget_cents", budget);
        }
        w.WriteStartObject("ineligible");
        foreach (var (reason, count) in s.Ineligible)
        {
            w.WriteNumber(reason.ToString(), count);
        }
        w.WriteEndObject();
        w.WriteStartObject("per_rule");
        foreach (var (rule, (awards, cents)) in s.PerRule)
        {
            w.WriteStartObject(rule);
            w.WriteNumber("awards", awards);
            w.WriteNumber("cents", cents);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteStartObject("per_cap");
        foreach (var (cap, (cuts, cents)) in s.PerCap)
        {
            w.WriteStartObject(cap);
            w.WriteNumber("cuts", cuts);
            w.WriteNumber("cut_cents", cents);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? at)
    {
        if (at is { } t)
        {
            w.WriteString(name, t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }
    }

    private static CampaignReplies.Document Json(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return new CampaignReplies.Document(DocumentFormat.Json, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

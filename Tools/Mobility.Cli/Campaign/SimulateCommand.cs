using System.ComponentModel;
using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Language;
using Mobility.CarpoolProof.Campaigns.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Campaign;

/// <summary>
/// What-if: <c>mobility campaign simulate FILE --journeys J [--out DIR]</c> (or <c>--campaign FILE</c>, the form of
/// issue 6). Prints totals, per-rule and per-cap counts and budget use; with --out writes incentives.csv and
/// settlement.csv.
/// </summary>
internal sealed class SimulateCommand : Command<SimulateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "[FILE]")]
        [Description("Campaign document or shipped campaign name.")]
        public string? File { get; init; }

        [CommandOption("--campaign <FILE>")]
        [Description("Same as FILE.")]
        public string? Campaign { get; init; }

        [CommandOption("--journeys <PATH>")]
        [Description("Journeys: .csv (docs/campaigns.md) or .jsonl (registry v3.3 declarations plus operator_id, status).")]
        public string Journeys { get; init; } = "";

        [CommandOption("--out <DIR>")]
        public string? Out { get; init; }

        [CommandOption("--as-if-valid")]
        [Description("Apply the rules to journeys outside the validity too (what-if before the campaign starts).")]
        public bool AsIfValid { get; init; }

        public override ValidationResult Validate() =>
            (File ?? Campaign) is null ? ValidationResult.Error("give the campaign as FILE or --campaign FILE")
            : Journeys.Length == 0 ? ValidationResult.Error("--journeys is required")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var doc = CampaignInput.LoadOrReport(settings.File ?? settings.Campaign!);
        var journeys = CampaignInput.Journeys(settings.Journeys);
        if (doc is null || journeys is null)
        {
            return 1;
        }
        var engine = CampaignEngine.Simulate(settings.AsIfValid ? WhatIf.AsIfAlwaysValid(doc) : doc, journeys.Journeys);
        var evaluations = engine.Evaluations.ToList();
        Print(doc, CampaignSummary.Of(doc, evaluations));
        if (settings.Out is { } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "incentives.csv"), IncentivesCsv(evaluations), new UTF8Encoding(false));
            File.WriteAllText(Path.Combine(dir, "settlement.csv"), SettlementTotalsCsv(doc, evaluations), new UTF8Encoding(false));
            AnsiConsole.MarkupLineInterpolated($"wrote {Path.Combine(dir, "incentives.csv")} and {Path.Combine(dir, "settlement.csv")}");
        }
        return 0;
    }

    internal static void Print(CampaignDocument doc, CampaignSummary s)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{doc.Id}[/] {doc.Name}");
        AnsiConsole.WriteLine($"journeys {s.Journeys}, eligible {s.Eligible}, paid awards {s.PaidAwards}, paid {Euros(s.PaidCents)} (before limits and budget {Euros(s.ComputedCents)})");
        var budget = s.BudgetCents is { } b ? $"{Euros(s.PaidCents)} of {Euros(b)} ({100.0 * s.PaidCents / b:0.###} %)" : "no budget";
        AnsiConsole.WriteLine($"budget use: {budget}");
        var table = new Table().AddColumns("kind", "name", "count", "cents");
        foreach (var (reason, n) in s.Ineligible)
        {
            table.AddRow("ineligible", reason.ToString(), n.ToString(CultureInfo.InvariantCulture), "");
        }
        foreach (var (rule, (n, cents)) in s.PerRule)
        {
            table.AddRow("rule", rule, n.ToString(CultureInfo.InvariantCulture), cents.ToString(CultureInfo.InvariantCulture));
        }
        foreach (var (cap, (n, cut)) in s.PerCap)
        {
            table.AddRow("cap", cap, n.ToString(CultureInfo.InvariantCulture), $"-{cut.ToString(CultureInfo.InvariantCulture)}");
        }
        AnsiConsole.Write(table);
    }

    private static string Euros(long cents) => string.Create(CultureInfo.InvariantCulture, $"EUR {cents / 100}.{cents % 100:00}");

    internal static string IncentivesCsv(IEnumerable<JourneyEvaluation> evaluations)
    {
        var sb = new StringBuilder("operator_journey_id,operator_id,local_date,beneficiary_role,identity_key,amount_cents,computed_cents,rule,cap,booster_per_mille\n");
        foreach (var e in evaluations.Where(e => e.Reason is null))
        {
            foreach (var a in e.Awards)
            {
                sb.Append(CultureInfo.InvariantCulture,
                    $"{e.Journey.JourneyId},{e.Journey.OperatorId},{e.LocalDate:yyyy-MM-dd},{(a.Role == BeneficiaryRole.Driver ? "driver" : "passenger")},{a.IdentityKey},{a.Cents},{a.ComputedCents},{a.Rules},{a.CapsText},{a.BoosterPerMille}\n");
            }
        }
        return sb.ToString();
    }

    internal static string SettlementTotalsCsv(CampaignDocument doc, IEnumerable<JourneyEvaluation> evaluations)
    {
        var sb = new StringBuilder("campaign_id,operator_id,month,journeys,paid_awards,amount_cents\n");
        var groups = evaluations.Where(e => e.Reason is null)
            .GroupBy(e => (e.Journey.OperatorId, Month: e.LocalDate.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
            .OrderBy(g => g.Key.OperatorId, StringComparer.Ordinal).ThenBy(g => g.Key.Month, StringComparer.Ordinal);
        foreach (var g in groups)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"{doc.Id},{g.Key.OperatorId},{g.Key.Month},{g.Count()},{g.Sum(e => e.Awards.Count(a => a.Cents > 0))},{g.Sum(e => e.TotalCents)}\n");
        }
        return sb.ToString();
    }
}

using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Mobility.Simulation.Day.Run;
using Mobility.Simulation.Day.Scenarios;
using ScottPlot;

namespace Mobility.Simulation.Day.Reports;

/// <summary>Writes <c>report.html</c> with its PNG plots (ScottPlot) and <c>report.json</c> (the same figures, for tools and tests).</summary>
public static class ReportWriter
{
    public static string Write(Scenario s, DayOutcome o, string dir)
    {
        var modal = DayFigures.ModalShare(o);
        var fraud = DayFigures.Fraud(o);
        var latency = DayFigures.Latency(o.Latencies);
        PlotModalShare(modal, Path.Combine(dir, "modal-share.png"));
        PlotIncentives(o, Path.Combine(dir, "incentives.png"));
        PlotFraud(fraud, Path.Combine(dir, "fraud.png"));
        PlotLatency(o, latency, Path.Combine(dir, "latency.png"));
        var tickets = o.Tickets.Values.OrderBy(x => x.Operator, StringComparer.Ordinal).ToList();
        PlotTickets(tickets, Path.Combine(dir, "tickets.png"));

        var html = new StringBuilder();
        string E(object? x) => WebUtility.HtmlEncode(Convert.ToString(x, CultureInfo.InvariantCulture) ?? "");
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Simulated day {{s.Date:yyyy-MM-dd}}</title>
            <style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}td:first-child,th:first-child{text-align:left}.fail{color:#b00;font-weight:bold}.ok{color:#070}</style></head><body>
            <h1>A simulated day: {{E(s.CityPreset)}} (city seed {{s.CitySeed}}), {{s.Date:yyyy-MM-dd}}, seed {{s.Seed}}</h1>
            <p>{{s.Population.Travelers:N0}} travelers, {{o.Trips.Count:N0}} trips, {{o.Offers:N0}} carpool offers, {{o.CarpoolBooked:N0}} carpools booked ({{o.CarpoolRefused:N0}} refused at booking), {{o.Declarations.Count:N0}} declarations; {{o.NoItinerary:N0}} trips without an itinerary; {{o.PlannerLagged:N0}} slices planned before the planner showed every offer (0: the day is the same for its seed); {{o.Retried:N0}} requests answered 503 and sent again.
            Wall time {{o.Wall.TotalSeconds:0.0}} s, peak working set of the process (node included) {{o.PeakWorkingSetBytes / (1 << 20):N0}} MiB.</p>
            <h2>Ledger</h2><table><tr><th>check</th><th>holds</th><th>detail</th></tr>
            """);
        foreach (var c in o.Checks)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Name)}</td><td class=\"{(c.Holds ? "ok" : "fail")}\">{(c.Holds ? "yes" : "NO")}</td><td>{E(c.Detail)}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Modal share by hour</h2><img src=\"modal-share.png\" alt=\"modal share by hour\">\n<table><tr><th>hour</th>");
        foreach (var m in DayFigures.ModeOrder)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{m}</th>");
        }

        html.Append("</tr>\n");
        foreach (var (hour, row) in modal)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{hour:00}:00</td>");
            foreach (var m in DayFigures.ModeOrder)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{row.GetValueOrDefault(m)}</td>");
            }

            html.Append("</tr>\n");
        }

        if (!o.PlanNotices.IsEmpty)
        {
            html.Append("</table>\n<p>Notices in /plan answers:</p><ul>");
            foreach (var (notice, count) in o.PlanNotices.OrderByDescending(kv => kv.Value))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{count} answers: {E(notice)}</li>");
            }

            html.Append("</ul><table>");
        }

        html.Append("</table>\n<h2>Incentives paid against budget</h2><img src=\"incentives.png\" alt=\"incentives\">\n<table><tr><th>campaign</th><th>journeys</th><th>eligible</th><th>paid awards</th><th>paid (EUR)</th><th>budget (EUR)</th></tr>\n");
        foreach (var c in o.Campaigns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(c.Id)}</td><td>{c.Journeys}</td><td>{c.Eligible}</td><td>{c.PaidAwards}</td><td>{c.PaidCents / 100.0:0.00}</td><td>{(c.BudgetCents is { } b ? (b / 100.0).ToString("0.00", CultureInfo.InvariantCulture) : "-")}</td></tr>\n");
        }

        html.Append("</table>\n<h2>Fraud injected and caught, per rule</h2><img src=\"fraud.png\" alt=\"fraud\">\n<table><tr><th>rule</th><th>injected</th><th>flagged by the node</th><th>caught</th><th>precision</th><th>recall</th></tr>\n");
        foreach (var f in fraud)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(f.Rule)}</td><td>{f.Injected}</td><td>{f.Flagged}</td><td>{f.Caught}</td><td>{Pct(f.Precision)}</td><td>{Pct(f.Recall)}</td></tr>\n");
        }

        html.Append("</table>\n<p>Caught: injected and flagged with the rule's label (or revoked by the node for it: a journey an overlapping later one indicts). Flagged: every declaration the node labelled with the rule, injected or not, so precision counts false alarms on honest journeys.</p>\n");
        var answers = o.Declarations.GroupBy(d => $"HTTP {d.HttpStatus} {d.Status ?? "refused"} {string.Join("+", d.Labels.Order(StringComparer.Ordinal))}").OrderByDescending(g => g.Count());
        html.Append("<h3>Every declaration's answer</h3><table><tr><th>answer and labels</th><th>declarations</th><th>of which injected</th><th>example</th></tr>\n");
        foreach (var g in answers)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(g.Key)}</td><td>{g.Count()}</td><td>{g.Count(d => d.Truth is not null)}</td><td>{E(g.First().Refusal ?? g.First().Revocation)}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</table>\n<h2>Tickets sold and cleared per operator</h2><img src=\"tickets.png\" alt=\"tickets\">\n<p>Every transit leg ridden is a tap at its agency's validator, uploaded once an hour; {o.TicketAccounts:N0} travelers' accounts charged {o.TicketAccountsCharged / 100.0:0.00} EUR after capping, the clearing drafts share {o.TicketRevenue / 100.0:0.00} EUR.</p>\n");
        html.Append("<table><tr><th>operator</th><th>taps uploaded</th><th>answers</th><th>fares (EUR)</th><th>charged at upload (EUR)</th><th>cleared legs</th><th>cleared (EUR)</th></tr>\n");
        foreach (var t in tickets)
        {
            var outcomes = string.Join(", ", t.Outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} {kv.Key}"));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(t.Operator)}</td><td>{t.Uploaded}</td><td>{E(outcomes)}</td><td>{t.Fares / 100.0:0.00}</td><td>{t.ChargedAtUpload / 100.0:0.00}</td><td>{t.ClearedLegs}</td><td>{t.Cleared / 100.0:0.00}</td></tr>\n");
        }

        foreach (var (op, n) in o.TransitUntapped.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(op)} (not a simulated agency: not tapped)</td><td>{n} legs</td><td></td><td></td><td></td><td></td><td></td></tr>\n");
        }

        html.Append("</table>\n<p>Charged at upload is what each tap cost when it arrived; a tap of an earlier time arriving later (another agency's hourly batch) may lower it, so the ledger compares the clearing with what the accounts are charged at the end.</p>\n");
        html.Append("<h2>API latency per endpoint</h2><img src=\"latency.png\" alt=\"latency\">\n<table><tr><th>endpoint</th><th>requests</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr>\n");
        foreach (var l in latency)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(l.Endpoint)}</td><td>{l.Count}</td><td>{l.P50:0.0}</td><td>{l.P95:0.0}</td><td>{l.P99:0.0}</td><td>{l.Max:0.0}</td></tr>\n");
        }

        html.Append("</table>\n");
        if (o.Faults.Count > 0)
        {
            html.Append("<h2>Faults</h2><ul>");
            foreach (var f in o.Faults)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{E(f)}</li>");
            }

            html.Append("</ul>\n");
        }

        html.Append("</body></html>\n");
        WriteDeclarations(o, Path.Combine(dir, "declarations.csv"));
        WriteTrips(o, Path.Combine(dir, "trips.csv"));
        var path = Path.Combine(dir, "report.html");
        File.WriteAllText(path, html.ToString());
        File.WriteAllText(Path.Combine(dir, "report.json"), JsonSerializer.Serialize(new
        {
            travelers = s.Population.Travelers,
            trips = o.Trips.Count,
            offers = o.Offers,
            carpool_booked = o.CarpoolBooked,
            declarations = o.Declarations.Count,
            modal_share = modal.ToDictionary(kv => kv.Key.ToString("00", CultureInfo.InvariantCulture), kv => new SortedDictionary<string, int>(kv.Value, StringComparer.Ordinal)),
            campaigns = o.Campaigns,
            fraud,
            latency,
            tickets,
            ticket_revenue_cents = o.TicketRevenue,
            ticket_accounts_charged_cents = o.TicketAccountsCharged,
            ticket_accounts = o.TicketAccounts,
            checks = o.Checks,
            checkpoint = new { before = o.CheckpointBefore, after = o.CheckpointAfter },
            planner_lagged = o.PlannerLagged,
            retried = o.Retried,
            wall_seconds = Math.Round(o.Wall.TotalSeconds, 1),
            peak_working_set_mib = o.PeakWorkingSetBytes / (1 << 20),
        }, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        return path;
    }

    /// <summary>One line per declaration sent: what was injected and what the node answered, for an audit by hand.</summary>
    private static void WriteDeclarations(DayOutcome o, string path)
    {
        static string Q(string? x) => x is null ? "" : "\"" + x.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        var csv = new StringBuilder("operator_id,operator_journey_id,injected_rule,batch,http_status,status,final_status,labels,refusal_or_revocation\n");
        foreach (var d in o.Declarations.OrderBy(d => d.OperatorId, StringComparer.Ordinal).ThenBy(d => d.JourneyId, StringComparer.Ordinal))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{d.OperatorId},{d.JourneyId},{d.Truth},{(d.Batch ? 1 : 0)},{d.HttpStatus},{d.Status},{d.FinalStatus},{string.Join(' ', d.Labels.Order(StringComparer.Ordinal))},{Q(d.Refusal ?? d.Revocation)}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>One line per traveler's trip: what it chose and the legs it rode (two runs of one seed give the same file).</summary>
    private static void WriteTrips(DayOutcome o, string path)
    {
        var csv = new StringBuilder("traveler,trip,hour,mode,legs\n");
        foreach (var t in o.Trips.Where(t => t.Traveler >= 0).OrderBy(t => t.Traveler).ThenBy(t => t.Number))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t.Traveler},{t.Number},{t.Hour},{t.Mode},{t.Legs}\n");
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static string Pct(double? x) => x is { } v ? (100 * v).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "-";

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    private static void PlotModalShare(SortedDictionary<int, Dictionary<string, int>> modal, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var m = 0; m < DayFigures.ModeOrder.Length; m++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = DayFigures.ModeOrder[m], FillColor = Palette.GetColor(m) });
        }

        foreach (var (hour, row) in modal)
        {
            double basis = 0;
            for (var m = 0; m < DayFigures.ModeOrder.Length; m++)
            {
                var n = row.GetValueOrDefault(DayFigures.ModeOrder[m]);
                if (n > 0)
                {
                    bars.Add(new Bar { Position = hour, ValueBase = basis, Value = basis + n, FillColor = Palette.GetColor(m) });
                    basis += n;
                }
            }
        }

        plot.Add.Bars(bars);
        plot.ShowLegend(Alignment.UpperRight);
        plot.Title("Trips by hour of departure and main mode");
        plot.XLabel("hour");
        plot.YLabel("trips");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 900, 420);
    }

    private static void PlotIncentives(DayOutcome o, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var k = 0; k < o.Campaigns.Count; k++)
        {
            var c = o.Campaigns[k];
            bars.Add(new Bar { Position = 3 * k, Value = c.PaidCents / 100.0, FillColor = Palette.GetColor(0) });
            if (c.BudgetCents is { } b)
            {
                bars.Add(new Bar { Position = (3 * k) + 1, Value = b / 100.0, FillColor = Palette.GetColor(1) });
            }

            ticks.Add(new Tick((3 * k) + 0.5, c.Id));
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "paid", FillColor = Palette.GetColor(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "budget", FillColor = Palette.GetColor(1) });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        plot.Title("Incentives paid against budget, per campaign");
        plot.YLabel("EUR");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 700, 400);
    }

    private static void PlotFraud(IReadOnlyList<FraudScore> fraud, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var k = 0; k < fraud.Count; k++)
        {
            bars.Add(new Bar { Position = 4 * k, Value = fraud[k].Injected, FillColor = Palette.GetColor(3) });
            bars.Add(new Bar { Position = (4 * k) + 1, Value = fraud[k].Caught, FillColor = Palette.GetColor(2) });
            bars.Add(new Bar { Position = (4 * k) + 2, Value = fraud[k].Flagged, FillColor = Palette.GetColor(7) });
            ticks.Add(new Tick((4 * k) + 1, fraud[k].Rule.Replace('_', ' ')));
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "injected", FillColor = Palette.GetColor(3) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "caught", FillColor = Palette.GetColor(2) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "flagged (any journey)", FillColor = Palette.GetColor(7) });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Title("Fraud injected, caught and flagged, per rule");
        plot.YLabel("declarations");
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, 900, 420);
    }

    /// <summary>Per operator: fares of the taps, what they were charged at upload, and the operator's share of the clearing, in EUR.</summary>
    private static void PlotTickets(IReadOnlyList<OperatorTickets> tickets, string path)
    {
        var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var k = 0; k < tickets.Count; k++)
        {
            var t = tickets[k];
            bars.Add(new Bar { Position = 4 * k, Value = t.Fares / 100.0, FillColor = Palette.GetColor(7) });
            bars.Add(new Bar { Position = (4 * k) + 1, Value = t.ChargedAtUpload / 100.0, FillColor = Palette.GetColor(0) });
            bars.Add(new Bar { Position = (4 * k) + 2, Value = t.Cleared / 100.0, FillColor = Palette.GetColor(2) });
            ticks.Add(new Tick((4 * k) + 1, $"{t.Operator}\n{t.Uploaded:N0} taps"));
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "fares (uncapped)", FillColor = Palette.GetColor(7) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "charged at upload", FillColor = Palette.GetColor(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "cleared (draft)", FillColor = Palette.GetColor(2) });
        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        plot.Title("Tickets sold and cleared per transit operator");
        plot.YLabel("EUR");
        plot.Axes.Margins(bottom: 0, top: 0.3); // room for the legend above the bars
        plot.SavePng(path, 700, 400);
    }

    private static void PlotLatency(DayOutcome o, IReadOnlyList<LatencyRow> rows, string path)
    {
        var plot = new Plot();
        var k = 0;
        foreach (var row in rows.Take(6))
        {
            var byHour = o.Latencies.Where(x => x.Endpoint == row.Endpoint).GroupBy(x => x.Minute / 60).OrderBy(g => g.Key)
                .Select(g => (Hour: (double)g.Key, P95: DayFigures.Percentile([.. g.Select(x => x.Milliseconds).Order()], 0.95))).ToArray();
            var line = plot.Add.Scatter(byHour.Select(x => x.Hour).ToArray(), byHour.Select(x => x.P95).ToArray(), Palette.GetColor(k++));
            line.LegendText = row.Endpoint + " p95";
        }

        foreach (var f in o.Faults)
        {
            if (TimeOnly.TryParse(f[..5], CultureInfo.InvariantCulture, out var t))
            {
                var v = plot.Add.VerticalLine(t.Hour + (t.Minute / 60.0));
                v.LegendText = "fault";
            }
        }

        plot.ShowLegend(Alignment.UpperRight);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic();
        plot.Title("p95 latency per endpoint by hour of the simulated day (most requested six)");
        plot.XLabel("hour");
        plot.YLabel("ms");
        plot.SavePng(path, 900, 420);
    }
}

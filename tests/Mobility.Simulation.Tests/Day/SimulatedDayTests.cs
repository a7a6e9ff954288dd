using System.Text.Json;
using System.Text.Json.Nodes;
using Mobility.Simulation.Day.Cli;

namespace Mobility.Simulation.Tests.Day;

/// <summary>A small day end to end: the command starts a real node in this process and drives it over loopback HTTP.</summary>
public sealed class SimulatedDayTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "mobility-day-tests", Guid.NewGuid().ToString("N"));

    private string Scenario(Action<JsonObject> change)
    {
        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "scenarios", "town-small.json")))!.AsObject();
        s["population"] = JsonNode.Parse("""{"travelers": 150, "carpool_drivers": 0.3, "carpool_propensity": 0.7}""");
        s["fraud"] = JsonNode.Parse("""{"overlap": 0.2, "invented_distance": 0.15, "replayed_statement": 0.15, "class_a_aimed": 0.15, "driver_is_passenger": 1, "too_many_trips": 1}""");
        change(s);
        Directory.CreateDirectory(_dir);
        var path = Path.Combine(_dir, "scenario.json");
        File.WriteAllText(path, s.ToJsonString());
        return path;
    }

    [Fact]
    public async Task A_small_day_balances_its_ledger_and_the_node_catches_every_injected_fraud()
    {
        var console = new StringWriter();
        // A node restart at noon: journeys acknowledged before it are still counted once, the log stays consistent across it.
        var exit = await DayCommand.RunAsync(Scenario(s => s["faults"] = JsonNode.Parse("""[{"at": "12:00", "kind": "node-restart"}]""")),
            Path.Combine(_dir, "out"), console, TestContext.Current.CancellationToken);
        var text = console.ToString();
        Assert.True(exit == 0, text);

        var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "report.json"))).RootElement;
        var checks = report.GetProperty("checks").EnumerateArray().ToList();
        Assert.True(checks.Count >= 16, text);
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "the log's checkpoints before the node restart at 12:00 and after the node restart at 12:00 are consistent (RFC 9162 2.1.4)");
        Assert.Contains("node stopped and started again on its data", text, StringComparison.Ordinal);
        Assert.All(checks, c => Assert.True(c.GetProperty("holds").GetBoolean(), c.GetProperty("name").GetString() + ": " + c.GetProperty("detail").GetString()));

        // The day really happened: carpools booked and declared, campaigns counting, the log growing.
        Assert.True(report.GetProperty("carpool_booked").GetInt32() > 5, text);
        var campaigns = report.GetProperty("campaigns").EnumerateArray().ToList();
        Assert.Equal(2, campaigns.Count);
        Assert.All(campaigns, c => Assert.True(c.GetProperty("journeys").GetInt32() > 5, text));
        Assert.True(campaigns[0].GetProperty("paid_cents").GetInt64() > 0, text);
        var checkpoint = report.GetProperty("checkpoint");
        Assert.True(checkpoint.GetProperty("after").GetInt64() > checkpoint.GetProperty("before").GetInt64());
        Assert.Contains(report.GetProperty("modal_share").EnumerateObject(), h => h.Value.TryGetProperty("carpool", out _));

        // Known truth against what the node flagged: every rule injected, every injected declaration caught, no honest one flagged.
        foreach (var rule in report.GetProperty("fraud").EnumerateArray())
        {
            var name = rule.GetProperty("rule").GetString();
            Assert.True(rule.GetProperty("injected").GetInt32() > 0, $"{name}: nothing injected\n{text}");
            Assert.True(rule.GetProperty("caught").GetInt32() == rule.GetProperty("injected").GetInt32(), $"{name}: recall below 1\n{text}");
            Assert.True(rule.GetProperty("flagged").GetInt32() == rule.GetProperty("caught").GetInt32(), $"{name}: precision below 1\n{text}");
        }

        // Tickets: both agencies' validators uploaded taps, every one charged, and the clearing shares what the accounts
        // are charged to the cent (the ledger checks it; here, that there was something to check).
        var tickets = report.GetProperty("tickets").EnumerateArray().ToDictionary(t => t.GetProperty("operator").GetString()!);
        Assert.Equal(["bus-de-valmont", "tramway-de-valmont"], tickets.Keys.Order(StringComparer.Ordinal));
        Assert.All(tickets.Values, t => Assert.True(t.GetProperty("uploaded").GetInt32() > 0 && t.GetProperty("cleared").GetInt64() > 0, text));
        Assert.True(report.GetProperty("ticket_revenue_cents").GetInt64() > 0, text);
        Assert.Equal(report.GetProperty("ticket_revenue_cents").GetInt64(), tickets.Values.Sum(t => t.GetProperty("cleared").GetInt64()));
        Assert.Contains(checks, c => c.GetProperty("name").GetString()!.StartsWith("every ticket is cleared to the cent", StringComparison.Ordinal));
        Assert.Contains(checks, c => c.GetProperty("name").GetString() == "each account is charged what navigo-2025 gives for its taps in time order");
        Assert.Contains("POST /operators/{id}/taps", report.GetProperty("latency").EnumerateArray().Select(l => l.GetProperty("endpoint").GetString()));
        Assert.Contains("GET /plan", report.GetProperty("latency").EnumerateArray().Select(l => l.GetProperty("endpoint").GetString()));
        var html = File.ReadAllText(Path.Combine(_dir, "out", "report.html"));
        foreach (var png in new[] { "modal-share.png", "incentives.png", "fraud.png", "latency.png", "tickets.png" })
        {
            Assert.Contains($"src=\"{png}\"", html, StringComparison.Ordinal);
            var bytes = File.ReadAllBytes(Path.Combine(_dir, "out", png));
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_day_whatever_the_threads_do()
    {
        // Two runs of one scenario, one after the other: every traveler's choice and legs, every declaration's answer,
        // every figure of the ledger the same (only wall times and latencies may differ).
        var path = Scenario(s => s["population"] = JsonNode.Parse("""{"travelers": 100, "carpool_drivers": 0.3, "carpool_propensity": 0.7}"""));
        var runs = new List<(string Trips, string Declarations, string Figures)>();
        foreach (var run in new[] { "one", "two" })
        {
            var console = new StringWriter();
            var outDir = Path.Combine(_dir, run);
            Assert.True(await DayCommand.RunAsync(path, outDir, console, TestContext.Current.CancellationToken) == 0, console.ToString());
            var report = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "report.json")))!.AsObject();
            Assert.Equal(0, (int)report["planner_lagged"]!);
            foreach (var varying in new[] { "latency", "wall_seconds", "peak_working_set_mib", "retried" })
            {
                report.Remove(varying);
            }

            runs.Add((File.ReadAllText(Path.Combine(outDir, "trips.csv")), File.ReadAllText(Path.Combine(outDir, "declarations.csv")), report.ToJsonString()));
        }

        Assert.True(runs[0].Trips.Split('\n').Length > 100, runs[0].Trips);
        Assert.Equal(runs[0].Trips, runs[1].Trips);
        Assert.Equal(runs[0].Declarations, runs[1].Declarations);
        Assert.Equal(runs[0].Figures, runs[1].Figures);
    }

    [Fact]
    public async Task A_campaign_the_node_refuses_stops_the_day_with_the_nodes_json_path()
    {
        var console = new StringWriter();
        var path = Scenario(s => s["campaigns"]![0]!["budget_cents"] = -5);
        var exit = await DayCommand.RunAsync(path, Path.Combine(_dir, "out"), console, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Contains("creating campaign valmont-commute: HTTP 400", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("$.budget_cents", console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_carpool_operator_named_as_a_transit_agency_is_refused_before_any_node_starts()
    {
        var console = new StringWriter();
        var path = Scenario(s => s["operators"] = new JsonArray("covoit-a", "bus-de-valmont"));
        var exit = await DayCommand.RunAsync(path, Path.Combine(_dir, "out"), console, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Contains("the carpool operator 'bus-de-valmont' has the id of one of the city's transit agencies", console.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out", "node")));
    }

    [Fact]
    public async Task A_data_folder_holding_another_nodes_store_is_refused_before_any_node_starts()
    {
        var used = Path.Combine(_dir, "used");
        Directory.CreateDirectory(used);
        File.WriteAllText(Path.Combine(used, "mobility.db"), "not empty");
        var console = new StringWriter();
        var path = Scenario(s => s["target"] = new JsonObject { ["in_process"] = new JsonObject { ["data"] = used } });
        var exit = await DayCommand.RunAsync(path, Path.Combine(_dir, "out"), console, TestContext.Current.CancellationToken);
        Assert.Equal(2, exit);
        Assert.Contains($"the node's data folder {used} is not empty: a simulated day starts on a fresh node", console.ToString(), StringComparison.Ordinal);
        Assert.Equal(["mobility.db"], Directory.GetFileSystemEntries(used).Select(Path.GetFileName));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A node's files may still be closing; the temporary folder is left to the system.
        }
    }
}

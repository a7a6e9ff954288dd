using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Simulate;

internal sealed class SimulatePlanSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("The node to load, e.g. http://127.0.0.1:5080.")]
    public string Url { get; init; } = "http://127.0.0.1:5080";

    [CommandOption("--count <N>")]
    [Description("Plan requests to send (1 to 1,000,000; default 1000).")]
    public int Count { get; init; } = 1_000;

    [CommandOption("--concurrency <C>")]
    [Description("Requests in flight at once (1 to 256; default 8).")]
    public int Concurrency { get; init; } = 8;

    [CommandOption("--seed <SEED>")]
    [Description("Seed of the random origin/destination pairs (default 1).")]
    public int Seed { get; init; } = 1;

    [CommandOption("--depart <TIME>")]
    [Description("depart sent with each request (ISO 8601, timetable zone); default: the node's default (now).")]
    public string? Depart { get; init; }

    [CommandOption("--modes <MODES>")]
    [Description("modes sent with each request (default walk,transit).")]
    public string Modes { get; init; } = "walk,transit";

    [CommandOption("--bounds <MINLAT,MINLON,MAXLAT,MAXLON>")]
    [Description("Area of the random points; default: the city's bounds read from the node's /plan/area.")]
    public string? Bounds { get; init; }

    public override ValidationResult Validate() =>
        !Uri.TryCreate(Url, UriKind.Absolute, out _) ? ValidationResult.Error("--url must be an absolute URL")
        : Count is < 1 or > 1_000_000 ? ValidationResult.Error("--count must be within [1, 1000000]")
        : Concurrency is < 1 or > 256 ? ValidationResult.Error("--concurrency must be within [1, 256]")
        : ValidationResult.Success();
}

/// <summary>
/// <c>mobility simulate plan</c>: a closed-loop load of <c>GET /plan</c> with random origin/destination pairs inside the
/// city's bounds; prints requests per second, p50/p95/p99 latency and the status codes seen.
/// </summary>
internal sealed class SimulatePlanCommand : AsyncCommand<SimulatePlanSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, SimulatePlanSettings settings, CancellationToken cancellation)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency })
        {
            BaseAddress = new Uri(settings.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        double[] box;
        try
        {
            box = settings.Bounds is { } b ? ParseBounds(b) : await FetchBoundsAsync(http, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or FormatException or JsonException or KeyNotFoundException)
        {
            AnsiConsole.MarkupLine($"[red]Cannot read the city's bounds:[/] {Markup.Escape(e.Message)}");
            return 2;
        }

        var random = new Random(settings.Seed);
        var queries = new string[settings.Count];
        for (var i = 0; i < queries.Length; i++)
        {
            string Point() => string.Create(CultureInfo.InvariantCulture,
                $"{box[0] + (random.NextDouble() * (box[2] - box[0])):0.######},{box[1] + (random.NextDouble() * (box[3] - box[1])):0.######}");
            var q = $"/plan?from={Point()}&to={Point()}&modes={Uri.EscapeDataString(settings.Modes)}";
            queries[i] = settings.Depart is null ? q : q + "&depart=" + Uri.EscapeDataString(settings.Depart);
        }

        var latencies = new double[queries.Length];
        var statuses = new int[queries.Length];
        var next = -1;
        long itineraries = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, settings.Concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < queries.Length)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(new Uri(queries[i], UriKind.Relative), cancellation);
                    var body = await response.Content.ReadAsStringAsync(cancellation);
                    statuses[i] = (int)response.StatusCode;
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        using var doc = JsonDocument.Parse(body);
                        Interlocked.Add(ref itineraries, doc.RootElement.GetProperty("itineraries").GetArrayLength());
                    }
                }
                catch (HttpRequestException)
                {
                    statuses[i] = -1;
                }

                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellation)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var codes = string.Join(", ", statuses.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{(g.Key < 0 ? "failed" : g.Key.ToString(CultureInfo.InvariantCulture))}: {g.Count()}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"plan over HTTP: {queries.Length} requests, concurrency {settings.Concurrency}, {elapsed:0.00} s, {queries.Length / elapsed:0.0} requests/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency ms: p50 {P(0.50):0.0}, p95 {P(0.95):0.0}, p99 {P(0.99):0.0}, max {latencies[^1]:0.0}; statuses {codes}; {itineraries} itineraries"));
        return statuses.Any(s => s is < 0 or >= 500) ? 1 : 0;
    }

    private static double[] ParseBounds(string text)
    {
        var parts = text.Split(',').Select(p => double.Parse(p, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        return parts.Length == 4 && parts[0] < parts[2] && parts[1] < parts[3] ? parts : throw new FormatException("--bounds must be MINLAT,MINLON,MAXLAT,MAXLON");
    }

    private static async Task<double[]> FetchBoundsAsync(HttpClient http, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(new Uri("/plan/area", UriKind.Relative), ct));
        var r = doc.RootElement;
        return [r.GetProperty("minLat").GetDouble(), r.GetProperty("minLon").GetDouble(), r.GetProperty("maxLat").GetDouble(), r.GetProperty("maxLon").GetDouble()];
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli.Simulate;

/// <summary>
/// <c>mobility simulate declarations --url URL --api-key KEY [--api-key KEY...] --count N --concurrency C</c>:
/// signed class C declarations over HTTP against a running node; throughput and latency percentiles.
/// </summary>
internal sealed class SimulateDeclarationsCommand : AsyncCommand<SimulateDeclarationsCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--url <URL>")]
        [Description("The node's HTTP address, e.g. http://127.0.0.1:5080.")]
        public string Url { get; init; } = "http://127.0.0.1:5080";

        [CommandOption("--api-key <KEY>")]
        [Description("An operator API key (mk_...); repeat for several operators.")]
        public string[] ApiKeys { get; init; } = [];

        [CommandOption("--count <N>")]
        [Description("Declarations to post (each a distinct journey).")]
        public int Count { get; init; } = 1_000;

        [CommandOption("--concurrency <C>")]
        [Description("Requests in flight at once.")]
        public int Concurrency { get; init; } = 16;

        [CommandOption("--batch <N>")]
        [Description("Post operator-signed batches of N declarations to /v3/journeys/batch instead of one per request (0, the default).")]
        public int Batch { get; init; }

        [CommandOption("--evidence <1|2>")]
        [Description("Device evidence: 1 = a pick-up and a drop-off statement per device (default), 2 = one statement per device (docs/proofs.md).")]
        public int Evidence { get; init; } = 1;

        [CommandOption("--keys <DIR>")]
        [Description("Where the simulated operators' signing seeds are kept between runs (the node binds an operator key for ever).")]
        public string Keys { get; init; } = "simulate-keys";

        public override ValidationResult Validate()
        {
            if (!Uri.TryCreate(Url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")) return ValidationResult.Error("--url: an http(s) URL");
            if (ApiKeys.Length == 0) return ValidationResult.Error("--api-key: at least one operator API key");
            if (Count is < 1 or > 1_000_000) return ValidationResult.Error("--count: 1 to 1,000,000");
            if (Concurrency is < 1 or > 1_024) return ValidationResult.Error("--concurrency: 1 to 1,024");
            if (Evidence is not (1 or 2)) return ValidationResult.Error("--evidence: 1 or 2");
            if (Batch is < 0 or > Api.Carpool.JourneyBatchEndpoint.MaxDeclarations) return ValidationResult.Error($"--batch: 0 to {Api.Carpool.JourneyBatchEndpoint.MaxDeclarations}");
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency })
        {
            BaseAddress = new Uri(settings.Url),
            Timeout = TimeSpan.FromSeconds(60),
        };
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in settings.ApiKeys)
        {
            using var response = await http.PostAsJsonAsync(new Uri("/auth/token", UriKind.Relative), new { apiKey = key }, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]token refused[/] (HTTP {(int)response.StatusCode}): {body}");
                return 2;
            }

            var root = JsonDocument.Parse(body).RootElement;
            if (root.GetProperty("role").GetString() != "operator")
            {
                AnsiConsole.MarkupLine("[red]--api-key must be operator keys[/]");
                return 2;
            }

            tokens[root.GetProperty("tenant").GetString()!] = root.GetProperty("token").GetString()!;
        }

        Directory.CreateDirectory(settings.Keys);
        using var traffic = new DeclarationTraffic(http, tokens, id => Ed25519Keys.FromSeed(SeedFor(settings.Keys, id)));
        await traffic.RegisterOperatorsAsync(cancellationToken);

        // People: pairs reused every pool/2 journeys, ~4 journeys each spread over 23 hours, so every rule passes.
        var pool = Math.Max(8, settings.Count / 2 + settings.Count / 2 % 2);
        var setup = Stopwatch.StartNew();
        var people = new SyntheticCarpools.Person[pool];
        await Parallel.ForAsync(0, pool, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => people[i] = await traffic.NewPersonAsync(ct));
        var now = DateTimeOffset.UtcNow;
        var window = TimeSpan.FromHours(22);
        var declarations = new SignedDeclaration[settings.Count];
        Parallel.For(0, settings.Count, k =>
        {
            var pair = k % (pool / 2);
            var op = traffic.Operators[k % traffic.Operators.Count];
            var start = now.AddHours(-23) + window * k / settings.Count;
            declarations[k] = traffic.Journey(op, people[2 * pair], people[2 * pair + 1], start, evidence: settings.Evidence);
        });
        // One request per declaration, or one per operator-signed batch of --batch declarations.
        var requests = settings.Batch == 0
            ? declarations.Select(d => (Path: "/v3/journeys", Body: DeclarationJson.SerializeToUtf8(d), Owner: d.OperatorId, Count: 1)).ToArray()
            : declarations.GroupBy(d => d.OperatorId).SelectMany(g => g.Chunk(settings.Batch)).Select(chunk =>
            {
                var op = traffic.Operators.First(o => o.Id == chunk[0].OperatorId);
                return (Path: "/v3/journeys/batch", Body: DeclarationJson.SerializeToUtf8(Signing.SignBatch(op.Id, chunk, op.Key)), Owner: op.Id, Count: chunk.Length);
            }).ToArray();
        AnsiConsole.MarkupLineInterpolated($"setup: {tokens.Count} operators, {pool} travelers registered, {settings.Count} declarations signed in {requests.Length} requests in {setup.Elapsed.TotalSeconds:0.0} s");

        var latencies = new double[requests.Length];
        var codes = new System.Collections.Concurrent.ConcurrentBag<int>();
        var next = -1;
        var gcBefore = GC.CollectionCount(0);
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(async _ =>
        {
            int k;
            while ((k = Interlocked.Increment(ref next)) < requests.Length)
            {
                var t = Stopwatch.GetTimestamp();
                var (path, body, owner, count) = requests[k];
                using var response = await traffic.PostAsync(path, body, owner, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                latencies[k] = Stopwatch.GetElapsedTime(t).TotalMilliseconds;
                if (settings.Batch > 0 && response.IsSuccessStatusCode)
                {
                    foreach (var r in JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()) codes.Add(r.GetProperty("status").GetInt32());
                }
                else
                {
                    for (var i = 0; i < count; i++) codes.Add((int)response.StatusCode);
                }
            }
        }));
        wall.Stop();

        Array.Sort(latencies);
        double P(double q) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
        var table = new Table().AddColumns("measure", "value");
        table.AddRow("declarations", $"{settings.Count:N0} at concurrency {settings.Concurrency}" + (settings.Batch > 0 ? $", {requests.Length} signed batches of up to {settings.Batch}" : ""));
        table.AddRow("answers", string.Join(", ", codes.GroupBy(c => c).OrderBy(g => g.Key).Select(g => $"{g.Key}: {g.Count():N0}")));
        table.AddRow("throughput", $"{settings.Count / wall.Elapsed.TotalSeconds:N0} declarations/s ({wall.Elapsed.TotalSeconds:0.00} s)");
        table.AddRow(settings.Batch > 0 ? "latency per batch" : "latency", $"p50 {P(0.50):0.0} ms, p95 {P(0.95):0.0} ms, p99 {P(0.99):0.0} ms, max {latencies[^1]:0.0} ms");
        table.AddRow("client", $"{Environment.WorkingSet / (1 << 20):N0} MiB working set, {GC.CollectionCount(0) - gcBefore} gen0 GCs");
        AnsiConsole.Write(table);
        return codes.All(c => c == 201) ? 0 : 1;
    }

    /// <summary>A simulated operator's 32-byte seed, created once in <paramref name="folder"/>.</summary>
    private static byte[] SeedFor(string folder, string operatorId)
    {
        var path = Path.Combine(folder, operatorId + ".seed");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Base64Url.Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        }

        return Base64Url.TryDecode(File.ReadAllText(path).Trim(), 32, out var seed) ? seed : throw new InvalidDataException($"{path}: not a 32-byte base64url seed");
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Cli.Simulate;
using Mobility.Node.Security;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// A steady load on a cluster: signed carpool declarations (one operator, evidence from both devices) and trip
/// bookings (shared vehicles of three operators, traveler accounts), each sent to the next live node. A request that
/// fails (connection cut, 5xx) is retried, on another node, with the same body: the same operator_journey_id, the
/// same Idempotency-Key. What got a success answer is recorded for the checks.
/// </summary>
internal sealed class ClusterLoad : IDisposable
{
    public const string DeclaringOperator = "op-a";
    public static readonly IReadOnlyList<string> BookingOperators = ["op-b", "tram-co", "metro-bus"];
    private const int Pairs = 80;
    private const int UsesPerPair = 4; // IdentityState.MaxTripsPerDay with one operator.
    private const int Travelers = 12;
    private const int BookingsPerTraveler = 40; // Below GET /trips's 50 most recent.

    private readonly ThreeNodeCluster _cluster;
    private readonly DeclarationTraffic _traffic;
    private readonly string _operatorToken;
    private readonly List<(string Id, byte[] Body)> _declarations = [];
    private readonly List<(string TravelerId, string Token)> _travelers = [];
    private int _nextDeclaration = -1;
    private int _nextBooking = -1;
    private int _nextNode;

    private ClusterLoad(ThreeNodeCluster cluster, DeclarationTraffic traffic, string operatorToken)
    {
        _cluster = cluster;
        _traffic = traffic;
        _operatorToken = operatorToken;
    }

    /// <summary>operator_journey_id of each declaration answered 201 (or 409 on a retry: an earlier attempt recorded it).</summary>
    public ConcurrentDictionary<string, int> Journeys { get; } = new(StringComparer.Ordinal);

    /// <summary>Trip id of each booking answered 201/200, with the traveler's index.</summary>
    public ConcurrentDictionary<string, int> Trips { get; } = new(StringComparer.Ordinal);

    /// <summary>Answers no retry can explain (a 4xx, a 409 on a first attempt, a request that never succeeded).</summary>
    public ConcurrentQueue<string> Unexpected { get; } = new();

    public int Retries;

    public IReadOnlyList<(string TravelerId, string Token)> TravelerAccounts => _travelers;

    public string OperatorToken => _operatorToken;

    /// <summary>Registers the operators' keys, the travelers' devices and accounts, and signs every declaration up front.</summary>
    public static async Task<ClusterLoad> PrepareAsync(ThreeNodeCluster cluster)
    {
        var ct = TestContext.Current.CancellationToken;
        var http = cluster.Nodes[0].Http;
        var token = await TestKeys.TokenAsync(http, Roles.Operator, DeclaringOperator);
        var traffic = new DeclarationTraffic(http, new Dictionary<string, string> { [DeclaringOperator] = token });
        var load = new ClusterLoad(cluster, traffic, token);
        await traffic.RegisterOperatorsAsync(ct);
        foreach (var op in BookingOperators)
        {
            using var client = http.With(await TestKeys.TokenAsync(http, Roles.Operator, op));
            using var created = await client.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = op, name = op }, ct);
            created.EnsureSuccessStatusCode();
        }

        var people = new SyntheticCarpools.Person[2 * Pairs];
        await Parallel.ForAsync(0, people.Length, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct },
            async (i, c) => people[i] = await traffic.NewPersonAsync(c));
        for (var i = 0; i < Travelers; i++)
        {
            load._travelers.Add(await TestKeys.TravelerAsync(http));
        }

        // Each pair carpools UsesPerPair times, an hour apart, all within the last day: every rule passes.
        var first = DateTimeOffset.UtcNow.AddHours(-20);
        for (var use = 0; use < UsesPerPair; use++)
        {
            for (var p = 0; p < Pairs; p++)
            {
                var d = traffic.Journey(traffic.Operators[0], people[2 * p], people[(2 * p) + 1], first.AddHours(use).AddSeconds(p));
                load._declarations.Add((d.Journey.OperatorJourneyId, DeclarationJson.SerializeToUtf8(d)));
            }
        }

        return load;
    }

    /// <summary>Runs <paramref name="workers"/> clients until <paramref name="stop"/>, each pausing <paramref name="pause"/> between requests.</summary>
    public Task RunAsync(int workers, TimeSpan pause, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                var more = n++ % 3 == 2 ? await BookNextAsync() : await DeclareNextAsync();
                if (!more)
                {
                    return; // Out of prepared requests.
                }

                try
                {
                    await Task.Delay(pause, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }));

    public void Dispose() => _traffic.Dispose();

    private async Task<bool> DeclareNextAsync()
    {
        var k = Interlocked.Increment(ref _nextDeclaration);
        if (k >= _declarations.Count)
        {
            return false;
        }

        var (id, body) = _declarations[k];
        await WithRetriesAsync($"declaration {id}", async (node, attempt) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v3/journeys", UriKind.Relative))
            {
                Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _operatorToken);
            using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.Created || (response.StatusCode == HttpStatusCode.Conflict && attempt > 1))
            {
                Journeys[id] = attempt;
                return true;
            }

            return Classify(response, text, $"declaration {id} on {node.Name}, attempt {attempt}");
        });
        return true;
    }

    private async Task<bool> BookNextAsync()
    {
        var k = Interlocked.Increment(ref _nextBooking);
        if (k >= Travelers * BookingsPerTraveler)
        {
            return await DeclareNextAsync();
        }

        var traveler = k % Travelers;
        var key = "load-" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new { legs = new[] { new { kind = "shared-vehicle", operatorId = BookingOperators[k % BookingOperators.Count], resourceId = "bike-" + k, seats = 1 } } };
        await WithRetriesAsync($"booking {key}", async (node, attempt) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/trips", UriKind.Relative)) { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _travelers[traveler].Token);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await node.Http.SendAsync(request, TestContext.Current.CancellationToken);
            var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
            {
                Trips[JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!] = traveler;
                return true;
            }

            return Classify(response, text, $"booking {key} on {node.Name}, attempt {attempt}");
        });
        return true;
    }

    /// <summary>A 5xx is worth a retry (false); anything else is recorded as unexpected (true: stop).</summary>
    private bool Classify(HttpResponseMessage response, string text, string what)
    {
        if ((int)response.StatusCode >= 500)
        {
            return false;
        }

        Unexpected.Enqueue($"{what}: HTTP {(int)response.StatusCode} {text}");
        return true;
    }

    /// <summary>Tries on the next live node until <paramref name="attempt"/> says done, for at most 60 s.</summary>
    private async Task WithRetriesAsync(string what, Func<NodeProcess, int, Task<bool>> attempt)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 1; clock.Elapsed < TimeSpan.FromSeconds(60); n++)
        {
            var live = _cluster.Live.ToList();
            var node = live[(int)((uint)Interlocked.Increment(ref _nextNode) % live.Count)];
            try
            {
                if (await attempt(node, n))
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // The node died mid-request, or answered too slowly: retry elsewhere.
            }

            Interlocked.Increment(ref Retries);
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }

        Unexpected.Enqueue($"{what}: no success within 60 s");
    }
}

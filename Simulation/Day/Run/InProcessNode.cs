using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Hosting;
using Mobility.Node.Security;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// A node started by the command in this process, on its embedded SQLite, on the day's clock: loopback HTTP on a free
/// port, its own API keys (one per simulated operator, carpool or transit, and the territory's authority). The simulation talks to it over
/// HTTP only; this class is the one place that touches the node's assembly.
/// </summary>
public sealed class InProcessNode : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly DayClock _clock;
    private readonly TextWriter _log;
    private NodeHost? _host;

    private InProcessNode(Dictionary<string, string?> settings, DayClock clock, TextWriter log, IReadOnlyDictionary<string, string> keys)
    {
        _settings = settings;
        _clock = clock;
        _log = log;
        ApiKeys = keys;
    }

    /// <summary>API keys by tenant (operators and the authority).</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; }

    public Uri Address => Running.HttpAddress;

    private NodeHost Running => _host ?? throw new InvalidOperationException("the node is not running");

    public static async Task<InProcessNode> StartAsync(string dataFolder, string cityPreset, long citySeed, string territory, IEnumerable<string> operators,
        DayClock clock, TextWriter log, CancellationToken ct)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<string>();
        foreach (var (role, tenant) in operators.Select(o => (Roles.Operator, o)).Append((Roles.Authority, territory)))
        {
            var (key, entry) = Node.Security.ApiKeys.Create(role, tenant);
            keys[tenant] = key;
            entries.Add(entry.ToString());
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Mobility:Http:Url"] = "http://127.0.0.1:0",
            ["Mobility:Cluster:Port"] = "0",
            ["Mobility:DataFolder"] = dataFolder,
            ["Mobility:City:DemoSize"] = cityPreset,
            ["Mobility:City:DemoSeed"] = citySeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mobility:Auth:ApiKeys"] = string.Join(",", entries),
            ["Mobility:Carpool:Territory"] = territory,
            // Every simulated traveler is 127.0.0.1: per-IP limits would throttle the whole population as one client.
            ["Mobility:RateLimits:PlanPerMinute"] = "0",
            ["Mobility:RateLimits:AccountsPerMinute"] = "0",
        };
        var node = new InProcessNode(settings, clock, log, keys);
        await node.StartHostAsync(ct);
        return node;
    }

    /// <summary>Stops the node and starts it again on the same data folder (the node-restart fault).</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await StopHostAsync();
        await StartHostAsync(ct);
    }

    private async Task StartHostAsync(CancellationToken ct)
    {
        _host = await NodeHost.StartAsync(_settings, new NodeConsole(_log, _log), ct, _clock);
        // A restarted node comes back on the same address, as a real one behind its DNS name would.
        _settings["Mobility:Http:Url"] = _host.HttpAddress.ToString();
        using var http = new HttpClient { BaseAddress = _host.HttpAddress };
        for (var i = 0; ; i++)
        {
            using var r = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), ct);
            if (r.IsSuccessStatusCode)
            {
                return;
            }

            if (i > 900)
            {
                throw new TimeoutException("the in-process node was not ready after 3 minutes: " + await r.Content.ReadAsStringAsync(ct));
            }

            await Task.Delay(200, ct);
        }
    }

    private async Task StopHostAsync()
    {
        if (_host is { } h)
        {
            _host = null;
            await h.StopAsync(CancellationToken.None);
            await h.DisposeAsync();
        }
    }

    /// <summary>
    /// Null when the node's planner board shows, for each operator given, exactly these offers with these free seats
    /// (what the operator's entity answered), else what differs: the simulation waits for it so that plans do not depend on timing.
    /// </summary>
    public string? PlannerDiffers(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> offersByOperator, DateTimeOffset now)
    {
        var board = Running.Services.GetRequiredService<Mobility.Actors.Operators.LiveOfferBoard>().Current;
        foreach (var (op, offers) in offersByOperator)
        {
            // The board keeps an offer whose window closed until the operator's next change; the planner skips it, so does this.
            var shown = (board.TryGetValue(Mobility.Actors.Operators.OperatorId.Parse(op), out var live) ? live.Offers : []).Where(o => o.Offer.DepartLatest > now).ToList();
            if (shown.Count != offers.Count || shown.Any(o => !offers.TryGetValue(o.Offer.OfferId, out var seats) || seats != o.SeatsFree))
            {
                return $"{op}: the operator holds [{string.Join(", ", offers.Select(o => $"{o.Key}:{o.Value}"))}], the planner shows [{string.Join(", ", shown.Select(o => $"{o.Offer.OfferId}:{o.SeatsFree}"))}]";
            }
        }

        return null;
    }

    /// <summary>Republishes the demo city's bike-share feed at the day's new time (the node's own loop does it on wall time, a second late).</summary>
    public Task RefreshFeedsAsync(CancellationToken ct) =>
        Running.Services.GetRequiredService<Node.Api.PlanGbfsFeeds>().RefreshDemoAsync(ct);

    public async ValueTask DisposeAsync() => await StopHostAsync();

    /// <summary>The operator id the node gives a transit agency (its name in lower case, <c>-</c> for other characters), or a clear error when the name makes none.</summary>
    public static string TransitOperatorId(string agency) =>
        Node.Api.LegBookingDto.TransitOperator(agency) ?? throw new DayRunException($"the agency name '{agency}' makes no operator id");
}

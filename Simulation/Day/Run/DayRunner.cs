using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Mobility.City;
using Mobility.Simulation.Day.Scenarios;
using Mobility.Simulation.Day.World;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// Runs a scenario's day against a node over HTTP: the clock is stepped in five-minute slices from 03:00; in each
/// slice the events due (a trip planned and maybe booked, an offer published, a ride started or ended, a declaration
/// or a batch of them) run in fixed phases (<see cref="SlicePhase"/>), concurrently where order cannot matter and one
/// at a time in key order where it can, so that a seed gives one day; events schedule their follow-ups in later
/// slices. Then the ledger is read back from the node (docs/simulation.md).
/// </summary>
public sealed partial class DayRunner
{
    public const int SliceMinutes = 5;
    private const int FirstMinute = 3 * 60;
    private const int LastMinute = 26 * 60;

    private readonly Scenario _s;
    private readonly Population _population;
    private readonly TextWriter _console;
    private readonly DayClock _clock;
    private readonly DateTimeOffset _midnight;
    private readonly TimeZoneInfo _zone;
    private readonly DayOutcome _outcome = new();
    private readonly CarpoolDesk _desk;
    private readonly ConcurrentDictionary<string, (string Operator, int Driver)> _offers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<int, Lazy<Task<string>>> _accounts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(CarpoolProof.Declarations.SignedDeclaration D, Declared R)>> _batches = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, TransitAgency> _agencies;
    private NodeApi _api = null!;
    private Credentials _credentials = null!;
    private IReadOnlyDictionary<string, string> _keys = null!;
    private int _slice;

    /// <summary>Signed checkpoints taken before the day, around each fault and after the day: each must be consistent with the next.</summary>
    private readonly List<(string When, Mobility.CarpoolProof.Log.Notes.Checkpoint Checkpoint)> _checkpoints = [];

    private DayRunner(Scenario s, Population population, TextWriter console)
    {
        _s = s;
        _population = population;
        _console = console;
        _zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var local = s.Date.ToDateTime(TimeOnly.MinValue);
        _midnight = new DateTimeOffset(local, _zone.GetUtcOffset(local));
        _clock = new DayClock(At(FirstMinute - 60));
        _agencies = TransitAgency.Of(CitySpec.Preset(s.CityPreset, s.CitySeed)).ToDictionary(a => a.Id, StringComparer.Ordinal);
        if (s.Operators.FirstOrDefault(_agencies.ContainsKey) is { } clash)
        {
            throw new DayRunException($"the carpool operator '{clash}' has the id of one of the city's transit agencies: name it otherwise");
        }

        _desk = new CarpoolDesk(s.Seed, s.Operators);
    }

    /// <summary>The population and demand of a scenario (what <see cref="RunAsync"/> simulates), deterministic for its seeds.</summary>
    public static Population PopulationOf(Scenario s) =>
        Population.Generate(CitySpec.Preset(s.CityPreset, s.CitySeed), s.Seed, s.Population.Travelers, s.Population.CarpoolDrivers, s.Population.CarpoolPropensity);

    public static async Task<DayOutcome> RunAsync(Scenario s, string outDir, TextWriter console, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var population = PopulationOf(s);
        console.WriteLine($"population  {population.Travelers.Count:N0} travelers, {population.AllTrips.Count():N0} trips planned, {population.Drivers.Count:N0} carpool drivers, " +
            $"{population.Travelers.Count(t => t.CarpoolProne):N0} open to carpool ({wall.Elapsed.TotalSeconds:0.0} s)");
        var runner = new DayRunner(s, population, console);
        try
        {
            // A day starts on a fresh node: its ids, campaigns and the ledger's counts assume an empty store.
            var data = s.Target.DataFolder ?? Path.Combine(outDir, "node");
            if (s.Target.DataFolder is null && Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true); // the previous run's node, in the command's own output folder
            }
            else if (Directory.Exists(data) && Directory.EnumerateFileSystemEntries(data).Any())
            {
                throw new DayRunException($"the node's data folder {data} is not empty: a simulated day starts on a fresh node (give an empty or new folder)");
            }

            Directory.CreateDirectory(data);
            var nodeLog = new StreamWriter(Path.Combine(outDir, "node.log")) { AutoFlush = true };
            await using var node = await InProcessNode.StartAsync(data, s.CityPreset, s.CitySeed, s.Territory, s.Operators.Concat(runner._agencies.Keys), runner._clock, TextWriter.Synchronized(nodeLog), ct);
            console.WriteLine($"node        {node.Address} (in-process, SQLite in {data}; its clock is the day's) ready after {wall.Elapsed.TotalSeconds:0.0} s");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = s.Concurrency * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = node.Address,
                Timeout = TimeSpan.FromSeconds(120),
            };
            runner._keys = node.ApiKeys;
            runner._api = new NodeApi(http, () => runner._slice);
            runner._credentials = new Credentials(runner._api, runner._clock);
            await runner.SetUpAsync(ct);
            runner._checkpoints.Add(("before the day", await runner.CheckpointAsync(ct)));
            runner.Schedule();
            await runner.RunSlicesAsync(node, ct);
            await runner.FinishAsync(ct);
        }
        finally
        {
            runner._desk.Dispose();
        }

        runner._outcome.Wall = wall.Elapsed;
        runner._outcome.PeakWorkingSetBytes = Process.GetCurrentProcess().PeakWorkingSet64;
        runner._outcome.Latencies = [.. runner._api?.Samples ?? []];
        return runner._outcome;
    }

    private DateTimeOffset At(int minute) => _midnight.AddMinutes(minute);

    /// <summary>The local time the planner reads (<c>depart</c> in the timetable's zone).</summary>
    private string Local(int minute) => TimeZoneInfo.ConvertTime(At(minute), _zone).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

    private async Task RunSlicesAsync(InProcessNode node, CancellationToken ct)
    {
        var wall = Stopwatch.StartNew();
        var faults = new Queue<FaultSpec>(_s.Faults);
        var lastHour = -1;
        for (var minute = FirstMinute; minute < LastMinute || _slices.Keys.Any(k => k >= minute / SliceMinutes); minute += SliceMinutes)
        {
            _slice = minute;
            _clock.AdvanceTo(At(minute));
            if (_s.SpeedUp > 0)
            {
                var due = TimeSpan.FromMinutes((minute - FirstMinute) / _s.SpeedUp);
                if (due > wall.Elapsed)
                {
                    await Task.Delay(due - wall.Elapsed, ct);
                }
            }

            while (faults.Count > 0 && faults.Peek().At.Hour * 60 + faults.Peek().At.Minute <= minute)
            {
                var f = faults.Dequeue();
                _checkpoints.Add(($"before the node restart at {f.At:HH\\:mm}", await CheckpointAsync(ct)));
                var t = Stopwatch.StartNew();
                await node.RestartAsync(ct);
                _credentials.Clear();
                var down = t.Elapsed;
                _checkpoints.Add(($"after the node restart at {f.At:HH\\:mm}", await CheckpointAsync(ct)));
                var line = $"{f.At:HH\\:mm} node stopped and started again on its data: {down.TotalSeconds:0.0} s (wall) until ready";
                _outcome.Faults.Add(line);
                _console.WriteLine($"fault       {line}");
            }

            if (minute % 30 == 0 || minute >= LastMinute)
            {
                Later(minute, SlicePhase.Upload, Key(0), FlushBatchesAsync);
            }

            // Validators upload what they recorded once an hour, as offline ones do when they sync.
            if (minute % 60 == 0)
            {
                Later(minute, SlicePhase.Upload, Key(1), FlushTapsAsync);
            }

            await RunSliceAsync(node, ct);

            if (minute / 60 != lastHour && minute % 60 == 0)
            {
                lastHour = minute / 60;
                Progress(minute, wall.Elapsed);
            }
        }
    }

    private void Progress(int minute, TimeSpan wall)
    {
        var samples = _api.Samples.Where(x => x.Minute >= minute - 60 && x.Minute < minute).Select(x => x.Milliseconds).Order().ToArray();
        var p95 = samples.Length == 0 ? 0 : samples[Math.Min(samples.Length - 1, (int)(0.95 * samples.Length))];
        _console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{minute / 60 % 24:00}:00  wall {wall.TotalSeconds,6:0.0} s  trips {_outcome.Trips.Count,7:N0}  offers {_outcome.Offers,5:N0}  carpools booked {_outcome.CarpoolBooked,5:N0}  declared {_outcome.Declarations.Count,5:N0}  requests last hour {samples.Length,6:N0} p95 {p95,6:0.0} ms"));
    }
}

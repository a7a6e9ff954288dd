using System.Collections.Concurrent;

namespace Mobility.Simulation.Day.Run;

/// <summary>
/// The steps of a five-minute slice, run in this order. The day must be the same for a seed, so a phase whose events
/// compete for something (an offer's seats, a person's count of journeys, the order of an operator's batch) runs them
/// one at a time in the order of their keys; the others run concurrently, since their order changes no answer.
/// </summary>
public enum SlicePhase
{
    /// <summary>Drivers publish offers (each offer its own; concurrent).</summary>
    Publish,

    /// <summary>Travelers plan and choose, all reading the same board (concurrent; the planner is first brought up to date).</summary>
    Travel,

    /// <summary>Chosen carpools are booked: seats are contested, so one at a time, by traveler and trip.</summary>
    Book,

    /// <summary>Rides start and end (each trip its own; concurrent).</summary>
    Ride,

    /// <summary>Operators declare: cross-operator rules depend on which journey comes first, so one at a time.</summary>
    Declare,

    /// <summary>Batches and taps are uploaded (each operator's queue in a fixed order).</summary>
    Upload,
}

/// <summary>Orders the events of one phase: <c>(traveler or fraudster, trip)</c>; every event of a phase has its own key.</summary>
public readonly record struct EventKey(long Who, long What) : IComparable<EventKey>
{
    public int CompareTo(EventKey other) => Who != other.Who ? Who.CompareTo(other.Who) : What.CompareTo(other.What);
}

public sealed partial class DayRunner
{
    private static bool RunsOneAtATime(SlicePhase p) => p is SlicePhase.Book or SlicePhase.Declare or SlicePhase.Upload;

    /// <summary>The events of one slice, by phase.</summary>
    private sealed class Slice
    {
        private readonly ConcurrentDictionary<SlicePhase, ConcurrentQueue<(EventKey Key, Func<CancellationToken, Task> Work)>> _phases = new();

        public void Add(SlicePhase phase, EventKey key, Func<CancellationToken, Task> work) =>
            _phases.GetOrAdd(phase, _ => new ConcurrentQueue<(EventKey, Func<CancellationToken, Task>)>()).Enqueue((key, work));

        public bool Has(SlicePhase phase) => _phases.TryGetValue(phase, out var q) && !q.IsEmpty;

        /// <summary>The phase's events in key order (ties keep the order they were added in, which is itself fixed by the earlier phases).</summary>
        public List<(EventKey Key, Func<CancellationToken, Task> Work)> Take(SlicePhase phase)
        {
            var list = new List<(EventKey Key, Func<CancellationToken, Task> Work)>();
            if (_phases.TryRemove(phase, out var q))
            {
                list.AddRange(q);
            }

            // A stable sort: List.Sort is not.
            return [.. list.Select((e, i) => (e, i)).OrderBy(x => x.e.Key).ThenBy(x => x.i).Select(x => x.e)];
        }
    }

    private readonly ConcurrentDictionary<int, Slice> _slices = new();
    private SlicePhase _phase;

    /// <summary>Schedules an event in a later slice than the one running (at <paramref name="minute"/>, or the next slice when that has passed).</summary>
    private void Later(int minute, SlicePhase phase, EventKey key, Func<CancellationToken, Task> work)
    {
        var slice = Math.Max(minute / SliceMinutes, _slice / SliceMinutes + 1);
        _slices.GetOrAdd(slice, _ => new Slice()).Add(phase, key, work);
    }

    /// <summary>Schedules an event in a later phase of the slice running now.</summary>
    private void ThisSlice(SlicePhase phase, EventKey key, Func<CancellationToken, Task> work)
    {
        if (phase <= _phase)
        {
            throw new InvalidOperationException($"an event of phase {phase} was added while phase {_phase} runs: it would run out of order");
        }

        _slices.GetOrAdd(_slice / SliceMinutes, _ => new Slice()).Add(phase, key, work);
    }

    private async Task RunSliceAsync(InProcessNode node, CancellationToken ct)
    {
        if (!_slices.TryGetValue(_slice / SliceMinutes, out var slice))
        {
            return;
        }

        foreach (var phase in Enum.GetValues<SlicePhase>())
        {
            _phase = phase;
            if (!slice.Has(phase))
            {
                continue;
            }

            if (phase == SlicePhase.Travel)
            {
                await WaitForPlannerAsync(node, ct);
            }

            var events = slice.Take(phase);
            if (RunsOneAtATime(phase))
            {
                foreach (var (_, work) in events)
                {
                    await work(ct);
                }
            }
            else
            {
                await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = _s.Concurrency, CancellationToken = ct }, async (e, c) => await e.Work(c));
            }
        }

        _slices.TryRemove(_slice / SliceMinutes, out _);
        _phase = SlicePhase.Publish;
    }

    /// <summary>
    /// Offers and seats reach the planner through replication a moment after the operator's entity answers; plans read
    /// in that moment would depend on thread timing. So before the travelers of a slice plan, the runner reads each carpool
    /// operator's offers as its entity holds them (<c>GET /operators/{id}/offers</c>) and waits until the node's planner
    /// board shows the same offers with the same free seats (at most <see cref="PlannerWait"/>; a lag beyond it is counted
    /// in the report, as it makes the day depend on timing). The demo's bike-share feed is republished at the slice's
    /// time first, as the node's own loop would do a wall second later.
    /// </summary>
    private async Task WaitForPlannerAsync(InProcessNode node, CancellationToken ct)
    {
        await node.RefreshFeedsAsync(ct);
        var truth = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        foreach (var op in _desk.Operators.Keys)
        {
            var a = await _api.GetAsync("GET /operators/{id}/offers", $"/operators/{op}/offers", await OperatorTokenAsync(op, ct), ct);
            Require(a, "reading the offers of " + op);
            // What the planner can use: offers with a free seat whose window is still open (full ones are not replicated).
            truth[op] = a.Json.EnumerateArray().Where(o => o.GetProperty("seatsFree").GetInt32() > 0 && o.GetProperty("departLatest").GetDateTimeOffset() > At(_slice)).ToDictionary(o => o.GetProperty("offerId").GetString()!, o => o.GetProperty("seatsFree").GetInt32(), StringComparer.Ordinal);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (node.PlannerDiffers(truth, At(_slice)) is { } differs)
        {
            if (waited.Elapsed > PlannerWait)
            {
                Interlocked.Increment(ref _outcome.PlannerLagged);
                _console.WriteLine($"lag         {_slice / 60 % 24:00}:{_slice % 60:00} the planner did not catch up in {PlannerWait.TotalSeconds:0} s: {differs}");
                return;
            }

            await Task.Delay(2, ct);
        }
    }

    private static readonly TimeSpan PlannerWait = TimeSpan.FromSeconds(10);

    private static EventKey Key(long who, long what = 0) => new(who, what);
}

using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Realtime;
using Mobility.Routing.Transit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Mobility.Node.Cli;

internal sealed class RouteBenchRealtimeSettings : CommandSettings
{
    [CommandOption("--gtfs <ZIP>")]
    [Description("One GTFS feed (zip or folder).")]
    public string Gtfs { get; init; } = string.Empty;

    [CommandOption("--messages <N>")]
    [Description("FULL_DATASET messages to apply, each to the static timetable. Default: 20.")]
    public int Messages { get; init; } = 20;

    [CommandOption("--share <P>")]
    [Description("Share of the day's trips each message updates (delayed; 1 in 10 of them cancelled). Default: 0.2.")]
    public double Share { get; init; } = 0.2;

    [CommandOption("--seed <SEED>")]
    public int Seed { get; init; } = 1;

    public override ValidationResult Validate() =>
        Gtfs.Length == 0 ? ValidationResult.Error("--gtfs is required")
        : Messages is < 1 or > 10_000 ? ValidationResult.Error("--messages between 1 and 10,000")
        : Share is <= 0 or > 1 ? ValidationResult.Error("--share in (0, 1]")
        : ValidationResult.Success();
}

/// <summary>
/// <c>mobility route bench-realtime</c>: what a node does for each new GTFS-RT message (RealtimeApplier on the static
/// timetable, i.e. the realtime trip copies and the recompiled timetable), on synthetic TripUpdates of one service day.
/// </summary>
internal sealed class RouteBenchRealtimeCommand : Command<RouteBenchRealtimeSettings>
{
    public override int Execute(CommandContext context, RouteBenchRealtimeSettings settings, CancellationToken cancellationToken)
    {
        var feed = GtfsReader.Load(settings.Gtfs);
        var tt = TimetableBuilder.Build([feed], footpaths: stops => CrowFliesFootpaths.Compute(stops));
        var day = Enumerable.Range(0, tt.DayCount).OrderByDescending(d => tt.Trips.Count(t => t.RunsOn(d))).First();
        var running = tt.Trips.Where(t => t.RunsOn(day) && !t.Id.Contains('@', StringComparison.Ordinal)).ToList();
        var date = tt.FirstDate.AddDays(day).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var random = new Random(settings.Seed);
        var times = new double[settings.Messages];
        RealtimeResult? last = null;
        for (var m = 0; m < settings.Messages; m++)
        {
            var entities = running.Where(_ => random.NextDouble() < settings.Share).Select((t, i) =>
            {
                var local = t.Id[(t.Id.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var canceled = random.Next(10) == 0;
                var from = random.Next(t.Stops.Length);
                StopTimeUpdate[] updates = canceled ? [] : [new StopTimeUpdate((uint)t.Sequences[from], null, null, new StopTimeEvent(random.Next(-60, 900), null, null, null), StopScheduleRelationship.Scheduled)];
                var descriptor = new TripDescriptor(local, null, null, null, date, canceled ? TripScheduleRelationship.Canceled : TripScheduleRelationship.Scheduled);
                return new FeedEntity($"e{i}", false, new TripUpdate(descriptor, null, updates, null, null));
            }).ToList();
            var message = new FeedMessage(new FeedHeader("2.0", Incrementality.FullDataset, null, null), entities);
            var start = Stopwatch.GetTimestamp();
            last = RealtimeApplier.Apply(tt, message, feed.FeedId);
            times[m] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        var p = BenchStats.Percentiles(times);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tt.StopCount:N0} stops, {tt.Trips.Count:N0} trips, {running.Count:N0} running on {date}; each message updates ~{settings.Share:P0} of them (last: {last!.TripsUpdated:N0} delayed, {last.TripsCanceled:N0} cancelled, {last.Warnings.Count} warnings)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"apply to the static timetable, {settings.Messages} messages: p50 {p.P50:F1} ms, p95 {p.P95:F1} ms, p99 {p.P99:F1} ms, {settings.Messages / (times.Sum() / 1000):F1} messages/s; "
            + $"flat arrays {tt.FlatArrayBytes / 1048576.0:F1} MiB static, {last.Snapshot.FlatArrayBytes / 1048576.0:F1} MiB with realtime; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:F0} MiB"));
        return 0;
    }
}

using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;
using Mobility.Routing.Transit;

namespace Mobility.Node.Tests.Feeds;

/// <summary>
/// A node on the demo village whose settings name a GTFS-RT file (<see cref="RealtimeFile"/>, absent at start), polled
/// every second: tests write TripUpdates into it and watch the planner.
/// </summary>
public sealed class RealtimeVillage : IAsyncLifetime
{
    private readonly TempFolder _data = new();
    private RunningNode? _node;

    internal RunningNode Node => _node ?? throw new InvalidOperationException("not started");

    public string RealtimeFile => Path.Combine(_data.Path, "trip-updates.pb");

    /// <summary>A Tuesday inside the service period, close to now (the planner bounds dates around now).</summary>
    public DateOnly Tuesday { get; private set; }

    public RealtimeTimetables Realtime => Node.Host.Services.GetRequiredService<RealtimeTimetables>();

    public Timetable StaticTimetable => Realtime.Static!.Planner.Timetable;

    public async ValueTask InitializeAsync()
    {
        var settings = RunningNode.Settings(_data.Path, new Dictionary<string, string?>
        {
            ["Mobility:City:DemoSize"] = "village",
            ["Mobility:City:DemoSeed"] = "3",
            ["Mobility:City:GtfsRealtime:0"] = RealtimeFile,
            ["Mobility:Feeds:GtfsRealtimeIntervalSeconds"] = "1",
        });
        settings.Remove("Mobility:City:Gtfs:0");
        _node = await RunningNode.StartAsync(settings);
        await _node.WaitReadyAsync();
        var (first, _) = Realtime.Static!.ServicePeriod;
        var day = DateOnly.FromDateTime(DateTime.UtcNow) > first ? DateOnly.FromDateTime(DateTime.UtcNow) : first;
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        Tuesday = day;
    }

    /// <summary>Replaces the feed file at once (a poll never reads half a file).</summary>
    public void Write(byte[] bytes)
    {
        var temp = RealtimeFile + ".tmp";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, RealtimeFile, overwrite: true);
    }

    public static string Local(DateOnly day, int secondsOfDay) =>
        day.ToDateTime(TimeOnly.MinValue).AddSeconds(secondsOfDay).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _data.Dispose();
    }
}

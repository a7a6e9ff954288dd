using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Hosting;
using Mobility.Node.Snapshots;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Feeds;

/// <summary>Two nodes in one cluster (each on its own SQLite file: only Distributed Data and the singleton matter here).</summary>
public sealed class ClusterFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_feed_both_nodes_configure_is_polled_by_one_node_and_both_planners_apply_each_new_message_within_a_second()
    {
        // The feed server: records which node polls (X-Mobility-Node) and when each content was first served.
        var pollers = new ConcurrentBag<string>();
        byte[] served = [];
        var firstServed = new ConcurrentDictionary<string, TimeSpan>();
        var clock = Stopwatch.StartNew();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = builder.Build();
        server.MapGet("/rt.pb", (HttpRequest request) =>
        {
            pollers.Add(request.Headers["X-Mobility-Node"].ToString());
            var bytes = Volatile.Read(ref served);
            firstServed.TryAdd(Convert.ToHexString(SHA256.HashData(bytes)), clock.Elapsed);
            return bytes.Length == 0 ? Results.StatusCode(503) : Results.Bytes(bytes, "application/x-protobuf");
        });
        await server.StartAsync(Ct);
        var url = new Uri(new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()), "/rt.pb");

        using var dataA = new TempFolder();
        using var dataB = new TempFolder();
        var settingsA = RunningNode.Settings(dataA.Path, new Dictionary<string, string?>
        {
            ["Mobility:City:DemoSize"] = "village",
            ["Mobility:City:DemoSeed"] = "3",
            ["Mobility:City:GtfsRealtime:0"] = url.AbsoluteUri,
            ["Mobility:Feeds:GtfsRealtimeIntervalSeconds"] = "1",
        });
        settingsA.Remove("Mobility:City:Gtfs:0");
        await using var a = await RunningNode.StartAsync(settingsA);
        await a.WaitReadyAsync();
        var city = Directory.GetDirectories(Path.Combine(dataA.Path, "city")).Single();
        await using var b = await RunningNode.StartAsync(RunningNode.Settings(dataB.Path, new Dictionary<string, string?>
        {
            ["Mobility:City:Gtfs:0"] = Path.Combine(city, "gtfs.zip"),
            ["Mobility:City:Osm"] = Path.Combine(city, "city.osm.pbf"),
            ["Mobility:City:GtfsRealtime:0"] = url.AbsoluteUri,
            ["Mobility:Feeds:GtfsRealtimeIntervalSeconds"] = "1",
            ["Mobility:Cluster:SeedNodes"] = AkkaSetup.ClusterState(a.Host.Services.GetRequiredService<ActorSystem>()).Address.ToString(),
        }));
        await b.WaitReadyAsync();

        var realtimeA = a.Host.Services.GetRequiredService<RealtimeTimetables>();
        var tt = realtimeA.Static!.Planner.Timetable;
        var (first, _) = realtimeA.Static.ServicePeriod;
        var day = DateOnly.FromDateTime(DateTime.UtcNow) > first ? DateOnly.FromDateTime(DateTime.UtcNow) : first;
        var trip = tt.Trips.First(t => t.RunsOn(tt.DayIndex(day)));
        var local = trip.Id[(trip.Id.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var date = day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

        // Three messages (2, 3, then 4 minutes late).
        for (var minutes = 2; minutes <= 4; minutes++)
        {
            var message = TripUpdates.Message((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TripUpdates.Trip(local, date, delayFrom: ((uint)trip.Sequences[0], minutes * 60)));
            Volatile.Write(ref served, message);
            var expected = tt.ToUtc(tt.ServiceDayStart(trip.TimeZone, tt.DayIndex(day)) + trip.Departures[0] + (minutes * 60));
            while (!(Applied(a, trip.Id + "~" + date, expected) && Applied(b, trip.Id + "~" + date, expected)) && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(5, Ct);
            }

            var lag = clock.Elapsed - firstServed[Convert.ToHexString(SHA256.HashData(message))];
            TestContext.Current.TestOutputHelper?.WriteLine($"{minutes} min late: applied on both nodes {lag.TotalMilliseconds:0} ms after the feed server answered");
            Assert.True(Applied(b, trip.Id + "~" + date, expected), $"node B never applied the {minutes}-minute delay");
            Assert.True(lag < TimeSpan.FromSeconds(1), $"applied on both nodes {lag.TotalMilliseconds:0} ms after the poll");
        }

        // Every poll came from one node, though both nodes list the feed in their settings.
        var polledBy = pollers.Distinct().ToList();
        Assert.Single(polledBy);
        Assert.StartsWith("akka.tcp://mobility@", polledBy[0], StringComparison.Ordinal);

        // The polling node leaves: the other one takes the singleton over, polls, and still applies new messages.
        var addressA = AkkaSetup.ClusterState(a.Host.Services.GetRequiredService<ActorSystem>()).Address.ToString();
        var addressB = AkkaSetup.ClusterState(b.Host.Services.GetRequiredService<ActorSystem>()).Address.ToString();
        Assert.Equal(addressA, polledBy[0]); // The oldest node hosts the singleton.
        await a.DisposeAsync(); // A graceful leave; disposing again at the end does nothing.
        var late = TripUpdates.Message((ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TripUpdates.Trip(local, date, delayFrom: ((uint)trip.Sequences[0], 300)));
        Volatile.Write(ref served, late);
        var fiveLate = tt.ToUtc(tt.ServiceDayStart(trip.TimeZone, tt.DayIndex(day)) + trip.Departures[0] + 300);
        var handover = Stopwatch.StartNew();
        while (!Applied(b, trip.Id + "~" + date, fiveLate) && handover.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(20, Ct);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"after node A left, node B applied a new message in {handover.Elapsed.TotalMilliseconds:0} ms");
        Assert.True(Applied(b, trip.Id + "~" + date, fiveLate), "node B did not take polling over");
        Assert.Contains(addressB, pollers);
    }

    /// <summary>True when the node serves a timetable whose realtime copy of the trip leaves its first stop at <paramref name="departureUtc"/>.</summary>
    private static bool Applied(RunningNode node, string copyId, DateTime departureUtc)
    {
        if (node.Host.Services.GetRequiredService<IRoutingSnapshotSource>().Current?.Planner.Timetable is not { } tt || tt.TripIndex(copyId) is not { } i)
        {
            return false;
        }

        var trip = tt.Trips[i];
        var day = Enumerable.Range(0, tt.DayCount).First(trip.RunsOn); // A realtime copy runs on its one day.
        return tt.ToUtc(tt.ServiceDayStart(trip.TimeZone, day) + trip.Departures[0]) == departureUtc;
    }
}

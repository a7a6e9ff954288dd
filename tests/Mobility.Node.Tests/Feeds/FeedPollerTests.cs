using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Mobility.Node.Feeds;
using Mobility.Node.Tests.Support;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.Tests.Shared;

namespace Mobility.Node.Tests.Feeds;

/// <summary>Pollers against a real Kestrel feed server on loopback, with a hand-moved clock.</summary>
public sealed class FeedPollerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(T0);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private WebApplication _server = null!;
    private Uri _base = null!;

    /// <summary>What the server answers: 200 with the feed, or this status.</summary>
    private volatile int _failWith;
    private volatile byte[] _realtime = [0x0a, 0x05, 0x0a, 0x03, 0x32, 0x2e, 0x30]; // FeedMessage { header { gtfs_realtime_version: "2.0" } }

    private static string GbfsFolder => SharedData.Path("gbfs", "lillestrom-bysykkel-v2.2");

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.MapGet("/rt.pb", () => _failWith != 0 ? Results.StatusCode(_failWith) : Results.Bytes(_realtime, "application/x-protobuf"));
        _server.MapGet("/gbfs/{name}.json", (string name) =>
        {
            if (_failWith != 0)
            {
                return Results.StatusCode(_failWith);
            }

            var path = Path.Combine(GbfsFolder, name + ".json");
            if (!File.Exists(path))
            {
                return Results.NotFound();
            }

            var text = File.ReadAllText(path);
            if (name == "gbfs")
            {
                // Point the discovery at this server.
                var doc = JsonNode.Parse(text)!;
                foreach (var feed in doc["data"]!["nb"]!["feeds"]!.AsArray())
                {
                    feed!["url"] = new Uri(_base, $"/gbfs/{feed["name"]}.json").AbsoluteUri;
                }

                text = doc.ToJsonString();
            }

            return Results.Text(text, "application/json");
        });
        await _server.StartAsync(TestContext.Current.CancellationToken);
        _base = new Uri(_server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.StopAsync(CancellationToken.None);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Gtfs_realtime_backs_off_on_failure_keeps_the_last_good_bytes_and_turns_stale()
    {
        var poller = new GtfsRealtimePoller(_http, new Uri(_base, "/rt.pb"), _clock);
        Assert.True(poller.Status.Stale); // Nothing yet.
        Assert.True(await poller.PollAsync(TestContext.Current.CancellationToken));
        var good = poller.LastGood!.Value;
        Assert.Equal(_realtime, good.Bytes);
        Assert.Equal(T0 + GtfsRealtimePoller.DefaultInterval, poller.Schedule.NextDueAt);
        Assert.False(poller.Status.Stale);

        _failWith = 503;
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(30));
            Assert.False(await poller.PollAsync(TestContext.Current.CancellationToken));
            waits.Add(poller.Schedule.NextDueAt - _clock.GetUtcNow());
            Assert.Contains("503", poller.Schedule.LastError, StringComparison.Ordinal);
            Assert.Equal(good.Sha256, poller.LastGood!.Value.Sha256); // The last good content stays.
        }

        // 30 s x 2, x 4, x 8, x 16, then capped at 10 minutes.
        Assert.Equal([60, 120, 240, 480, 600, 600], waits.Select(w => (int)w.TotalSeconds));
        Assert.True(poller.Status.Stale); // 3 minutes without a success > 3 intervals.
        Assert.Equal(6, poller.Status.ConsecutiveFailures);

        // Served again, but not a feed message: still a failure, the last good message stays.
        _failWith = 0;
        _realtime = [0xff, 0xff, 0xff];
        Assert.False(await poller.PollAsync(TestContext.Current.CancellationToken));
        Assert.Equal(good.Sha256, poller.LastGood!.Value.Sha256);
        Assert.Equal("2.0", poller.LastMessage!.Header.Version);

        _realtime = [0x0a, 0x07, 0x0a, 0x03, 0x32, 0x2e, 0x30, 0x18, 0x01]; // Header with timestamp 1.
        Assert.True(await poller.PollAsync(TestContext.Current.CancellationToken), poller.Schedule.LastError);
        Assert.Equal(0, poller.Schedule.ConsecutiveFailures);
        Assert.NotEqual(good.Sha256, poller.LastGood!.Value.Sha256);
        Assert.False(poller.Status.Stale);
    }

    [Fact]
    public async Task A_polled_gbfs_system_is_shared_as_its_files_and_read_back_the_same_on_another_node()
    {
        _ = GbfsFolder; // a missing ../shared skips here, on the test's thread, not as a 500 inside the fixture server

        var poller = new GbfsPoller(_http, new Uri(_base, "/gbfs/gbfs.json"), _clock, new GbfsReadOptions(Freshness: GbfsFreshnessPolicy.Ignore));
        Assert.Null(poller.LastGoodFiles);
        Assert.True(await poller.PollAsync(TestContext.Current.CancellationToken));
        var files = poller.LastGoodFiles!;
        Assert.Contains("gbfs", files.Keys);
        Assert.Contains("station_status", files.Keys);

        Assert.True(Mobility.Actors.Operators.OperatorId.TryParse("bysykkel", out var op));
        var source = PolledFeed.Of(op, Mobility.Actors.Operators.FeedKind.Gbfs, new Uri(_base, "/gbfs/gbfs.json"));
        var bytes = ReplicatedGbfs.Serialize(files);
        Assert.Equal(bytes, ReplicatedGbfs.Serialize(files.Reverse().ToDictionary())); // Same files, same bytes, whatever the order.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var elsewhere = new ReplicatedGbfs(_clock);
        Assert.Null(await elsewhere.OfferAsync(FeedContent.Of(source, bytes, sha, _clock.GetUtcNow())));
        var read = Assert.Single(elsewhere.States).Current!;
        var polled = poller.State.Current!;
        Assert.Equal(polled.System.SystemId, read.System.SystemId);
        Assert.Equal(polled.Stations.Select(s => (s.Id, s.Status?.VehiclesAvailable)), read.Stations.Select(s => (s.Id, s.Status?.VehiclesAvailable)));

        // A shared content that does not read is refused, and the system keeps its last good state.
        var broken = files.ToDictionary();
        broken["station_information"] = "{\"data\": 5}";
        var bad = ReplicatedGbfs.Serialize(broken);
        Assert.NotNull(await elsewhere.OfferAsync(FeedContent.Of(source, bad, "x", _clock.GetUtcNow())));
        Assert.Equal(polled.Stations.Length, Assert.Single(elsewhere.States).Current!.Stations.Length);
    }

    [Fact]
    public async Task Gbfs_is_polled_by_its_ttl_and_a_failed_poll_keeps_the_last_good_snapshot()
    {
        _ = GbfsFolder; // a missing ../shared skips here, on the test's thread, not as a 500 inside the fixture server

        // The fixture's timestamps are old: age checks off, the ttl still sets the next poll.
        var poller = new GbfsPoller(_http, new Uri(_base, "/gbfs/gbfs.json"), _clock, new GbfsReadOptions(Freshness: GbfsFreshnessPolicy.Ignore));
        Assert.True(await poller.PollAsync(TestContext.Current.CancellationToken), poller.Schedule.LastError);
        var snapshot = poller.State.Current;
        Assert.NotNull(snapshot);
        Assert.Equal(6, snapshot.Stations.Length);
        var wait = poller.Schedule.NextDueAt - T0;
        Assert.Equal(poller.State.NextRefreshIn(), wait);
        Assert.True(wait >= TimeSpan.FromSeconds(1));

        _failWith = 500;
        _clock.Advance(wait);
        Assert.False(await poller.PollAsync(TestContext.Current.CancellationToken));
        Assert.Same(snapshot, poller.State.Current);
        Assert.Equal(GbfsPoller.RetryInterval * 2, poller.Schedule.NextDueAt - _clock.GetUtcNow());
        Assert.Contains("500", poller.Schedule.LastError, StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(await poller.PollAsync(TestContext.Current.CancellationToken));
        Assert.Equal(GbfsPoller.RetryInterval * 4, poller.Schedule.NextDueAt - _clock.GetUtcNow());
        Assert.Same(snapshot, poller.State.Current);

        _failWith = 0;
        Assert.True(await poller.PollAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, poller.Schedule.ConsecutiveFailures);
    }

    [Fact]
    public void The_schedule_backs_off_exponentially_up_to_the_cap_and_resets_on_success()
    {
        var s = PollSchedule.Start(T0);
        Assert.True(s.IsDue(T0));
        for (var i = 1; i <= 12; i++)
        {
            s = s.Failed(T0, TimeSpan.FromSeconds(5), "x");
            var expected = TimeSpan.FromTicks(Math.Min(PollSchedule.MaxBackoff.Ticks, TimeSpan.FromSeconds(5).Ticks << i));
            Assert.Equal(T0 + expected, s.NextDueAt);
        }

        s = s.Succeeded(T0, TimeSpan.FromSeconds(5));
        Assert.Equal((0, T0 + TimeSpan.FromSeconds(5)), (s.ConsecutiveFailures, s.NextDueAt));
        Assert.False(s.IsStale(T0 + TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(5)));
        Assert.True(s.IsStale(T0 + TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(5)));
    }
}

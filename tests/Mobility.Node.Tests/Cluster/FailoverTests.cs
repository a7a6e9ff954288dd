using Mobility.Tests.Shared;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mobility.CarpoolProof.Attestations;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Cluster;

/// <summary>Three <c>mobility serve</c> processes over one PostgreSQL; one is killed under load.</summary>
public sealed class FailoverTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_killed_under_load_loses_and_duplicates_nothing_and_its_entities_resume_on_the_survivors()
    {
        using var cluster = await ThreeNodeCluster.CreateAsync(postgres);
        var log = TestContext.Current.TestOutputHelper;
        var total = Stopwatch.StartNew();
        try
        {
            await cluster.StartAsync();
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: three nodes ready");
            using var load = await ClusterLoad.PrepareAsync(cluster);
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: keys, devices and travelers registered");
            using var stop = new CancellationTokenSource();
            var running = load.RunAsync(workers: 4, pause: TimeSpan.FromMilliseconds(250), stop.Token);
            await Task.Delay(TimeSpan.FromSeconds(4), Ct);

            // Node 0 is the oldest member: it hosts the log singleton and the shard coordinators, the hardest loss.
            var survivor = cluster.Nodes[1];
            var before = await LogReader.CheckpointAsync(survivor.Http, cluster.Vkey);
            var earlier = load.Journeys.Keys.ToList();
            var probes = earlier.Select(id => ("/v3/journeys/" + id, load.OperatorToken))
                .Concat(load.Trips.Select(t => ("/trips/" + t.Key, load.TravelerAccounts[t.Value].Token))).ToList();
            cluster.Nodes[0].Kill();
            var (last, median) = await ResumeAsync(cluster, probes);
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: killed node0 at {before.Size} leaves; all {earlier.Count} journeys and {probes.Count - earlier.Count} trips accepted before answered from the survivors {last.TotalSeconds:0.0} s after the kill (median {median.TotalSeconds:0.0} s; split-brain resolver stable-after {ThreeNodeCluster.DownAfterSeconds} s)");

            await Task.Delay(TimeSpan.FromSeconds(2), Ct);
            await stop.CancelAsync();
            await running;
            log?.WriteLine($"load: {load.Journeys.Count} declarations and {load.Trips.Count} bookings accepted, {load.Retries} retried attempts");
            Assert.True(load.Unexpected.IsEmpty, string.Join("\n", load.Unexpected.Take(20)));
            Assert.True(load.Journeys.Count > earlier.Count, "no declaration was accepted after the kill");

            var after = await ClusterSnapshot.CaptureAsync(cluster.Nodes[2], load, cluster.Vkey);
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: state read back from node2");
            after.AssertExactlyOnce(load);
            Assert.All(after.Journeys.Values, j =>
            {
                var attestation = JsonDocument.Parse(j).RootElement.GetProperty("attestation").GetRawText();
                var verification = AttestationVerifier.Verify(attestation, cluster.Vkey);
                Assert.True(verification.Ok, verification.Failure);
            });

            // RFC 9162 2.1.4: the tree after the failover extends the one before it.
            Assert.True(after.Checkpoint.Size > before.Size);
            Assert.True(await LogReader.ConsistentAsync(survivor.Http, before, after.Checkpoint), "consistency proof does not verify");
            Assert.True(last < TimeSpan.FromSeconds(45), $"entities of the killed node answered only after {last.TotalSeconds:0.0} s");
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(cluster.Outputs());
            throw;
        }
    }

    /// <summary>Polls every entity (path, token) accepted before the kill on the survivors until each answers; the last and median times.</summary>
    private static async Task<(TimeSpan Last, TimeSpan Median)> ResumeAsync(ThreeNodeCluster cluster, List<(string Path, string Token)> probes)
    {
        var clock = Stopwatch.StartNew();
        var times = new System.Collections.Concurrent.ConcurrentBag<TimeSpan>();
        // Every entity probed at once, each request cut after 2 s: an ask parked behind a dead shard does not hide
        // how soon its entity answers again.
        await Task.WhenAll(probes.Select(async (probe, k) =>
        {
            var live = cluster.Live.ToList();
            for (var n = k; clock.Elapsed < TimeSpan.FromSeconds(60); n++)
            {
                var node = live[n % live.Count];
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(probe.Path, UriKind.Relative));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", probe.Token);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                try
                {
                    using var response = await node.Http.SendAsync(request, timeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        times.Add(clock.Elapsed);
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                }

                await Task.Delay(100, Ct);
            }
        }));

        Assert.Equal(probes.Count, times.Count);
        var sorted = times.Order().ToList();
        return (sorted.Count == 0 ? TimeSpan.Zero : sorted[^1], sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2]);
    }
}

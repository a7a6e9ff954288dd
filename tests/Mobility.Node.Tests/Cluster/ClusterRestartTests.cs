using Mobility.Tests.Shared;
using System.Diagnostics;

namespace Mobility.Node.Tests.Cluster;

/// <summary>Three <c>mobility serve</c> processes over one PostgreSQL, all stopped and started again.</summary>
public sealed class ClusterRestartTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_whole_cluster_restart_journeys_bookings_and_the_log_root_are_identical()
    {
        using var cluster = await ThreeNodeCluster.CreateAsync(postgres);
        var log = TestContext.Current.TestOutputHelper;
        var total = Stopwatch.StartNew();
        try
        {
            await cluster.StartAsync();
            using var load = await ClusterLoad.PrepareAsync(cluster);
            await RunLoadAsync(load, TimeSpan.FromSeconds(4));
            var before = await ClusterSnapshot.CaptureAsync(cluster.Nodes[1], load, cluster.Vkey);
            before.AssertExactlyOnce(load);
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: {load.Journeys.Count} journeys, {load.Trips.Count} bookings, log of {before.Checkpoint.Size} leaves");

            await cluster.StopAsync();
            var restart = Stopwatch.StartNew();
            await cluster.StartAsync();
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: all three nodes stopped and ready again after {restart.Elapsed.TotalSeconds:0.0} s");

            var after = await ClusterSnapshot.CaptureAsync(cluster.Nodes[2], load, cluster.Vkey);
            Assert.Equal(before.Checkpoint.Size, after.Checkpoint.Size);
            Assert.Equal(before.Checkpoint.RootHash, after.Checkpoint.RootHash);
            Assert.Equal(before.Journeys, after.Journeys);
            Assert.Equal(before.Trips, after.Trips);
            Assert.Equal(before.ListedJourneys, after.ListedJourneys);
            Assert.Equal(before.LogCommitments, after.LogCommitments);

            // And the restarted cluster carries on: new declarations extend the same tree.
            await RunLoadAsync(load, TimeSpan.FromSeconds(2));
            var later = await ClusterSnapshot.CaptureAsync(cluster.Nodes[0], load, cluster.Vkey);
            later.AssertExactlyOnce(load);
            Assert.True(later.Checkpoint.Size > after.Checkpoint.Size);
            Assert.True(await LogReader.ConsistentAsync(cluster.Nodes[0].Http, after.Checkpoint, later.Checkpoint));
            log?.WriteLine($"{total.Elapsed.TotalSeconds:0.0} s: done, log of {later.Checkpoint.Size} leaves");
        }
        catch (Exception e) when (e is not Xunit.Sdk.SkipException)
        {
            log?.WriteLine(cluster.Outputs());
            throw;
        }
    }

    private static async Task RunLoadAsync(ClusterLoad load, TimeSpan duration)
    {
        using var stop = new CancellationTokenSource(duration);
        await load.RunAsync(workers: 4, pause: TimeSpan.FromMilliseconds(250), stop.Token);
        Assert.True(load.Unexpected.IsEmpty, string.Join("\n", load.Unexpected.Take(20)));
    }
}

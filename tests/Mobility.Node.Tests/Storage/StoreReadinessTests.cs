using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Mobility.CarpoolProof.Log;
using Mobility.Node.Configuration;
using Mobility.Node.Hosting;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Storage;

/// <summary>
/// Every store of the data folder is checked at start or reported by readiness, and no request on a broken store
/// waits without a bound: a transparency log whose tree was altered, a damaged ticket key list, a damaged carpool key.
/// </summary>
public sealed class StoreReadinessTests : IDisposable
{
    private readonly TempFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string LogFile => Path.Combine(_data.Path, "carpool", "log.db");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_log_whose_leaf_no_longer_matches_its_hash_makes_the_node_not_ready_and_log_reads_answer_503_within_the_bound()
    {
        await WithLeavesAsync(3);
        Execute("UPDATE tlog_leaf SET data = x'00112233' WHERE idx = 1");

        await using var node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        var ready = await ReadinessAsync(node, r => r.GetProperty("checks").GetProperty("log").GetProperty("status").GetString() == "Unhealthy"
                                                    && r.GetProperty("checks").GetProperty("city").GetProperty("status").GetString() == "Healthy");
        Assert.Equal("Unhealthy", ready.GetProperty("status").GetString());
        Assert.Contains("transparency log does not answer", ready.GetProperty("checks").GetProperty("log").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("persistence").GetProperty("status").GetString());

        var clock = Stopwatch.StartNew();
        using var checkpoint = await node.GetAsync("/log/checkpoint");
        clock.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, checkpoint.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(RetryAfter.Seconds), checkpoint.Headers.RetryAfter?.Delta);
        Assert.InRange(clock.Elapsed, Mobility.Node.Api.Carpool.LogEndpoints.ReadTimeout - TimeSpan.FromSeconds(1), Mobility.Node.Api.Carpool.LogEndpoints.ReadTimeout + TimeSpan.FromSeconds(3));
        Assert.Equal("application/problem+json", checkpoint.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_log_whose_stored_root_was_altered_is_refused_at_start_with_one_line_and_left_as_it_was()
    {
        await WithLeavesAsync(5);
        Execute("UPDATE tlog_head SET root = zeroblob(32)");
        var before = await File.ReadAllBytesAsync(LogFile, Ct);

        var e = await StartFailsAsync();
        Assert.Equal("Mobility:DataFolder", e.Setting);
        Assert.Contains("transparency log", e.Message, StringComparison.Ordinal);
        Assert.Contains("is not the stored root", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(LogFile, Ct));
    }

    [Fact]
    public async Task A_sound_store_is_ready_and_names_every_store_it_checked()
    {
        await using var node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path));
        using var ready = JsonDocument.Parse(await node.WaitReadyAsync());
        var checks = ready.RootElement.GetProperty("checks");
        foreach (var store in new[] { "persistence", "log", "tickets", "cluster", "city", "routing" })
        {
            Assert.Equal("Healthy", checks.GetProperty(store).GetProperty("status").GetString());
        }

        Assert.Contains("transparency log answers", checks.GetProperty("log").GetProperty("description").GetString(), StringComparison.Ordinal);
        using var checkpoint = await node.GetAsync("/log/checkpoint");
        Assert.Equal(HttpStatusCode.OK, checkpoint.StatusCode);
    }

    [Fact]
    public async Task A_damaged_ticket_key_list_or_carpool_key_stops_the_start_naming_the_file()
    {
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path)))
        {
            await node.WaitReadyAsync();
        }

        var keys = Path.Combine(_data.Path, "tickets", "keys.json");
        var good = await File.ReadAllBytesAsync(keys, Ct);
        await File.WriteAllTextAsync(keys, "{\"issuer\":", Ct);
        var tickets = await StartFailsAsync();
        Assert.Equal("Mobility:Tickets", tickets.Setting);
        Assert.Contains("keys.json", tickets.Message, StringComparison.Ordinal);
        Assert.Equal("{\"issuer\":", await File.ReadAllTextAsync(keys, Ct));
        await File.WriteAllBytesAsync(keys, good, Ct);

        var vkey = Path.Combine(_data.Path, "carpool", "platform.vkey");
        await File.WriteAllTextAsync(vkey, "someone+else+0123456789abcdef", Ct);
        var carpool = await StartFailsAsync();
        Assert.Equal("Mobility:DataFolder", carpool.Setting);
        Assert.Contains("carpool keys", carpool.Message, StringComparison.Ordinal);
        Assert.Equal("someone+else+0123456789abcdef", await File.ReadAllTextAsync(vkey, Ct));
    }

    /// <summary>A node's data folder whose log holds <paramref name="count"/> leaves (written as the singleton writes them).</summary>
    private async Task WithLeavesAsync(int count)
    {
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(_data.Path)))
        {
            await node.WaitReadyAsync();
        }

        using (var log = TransparencyLog.OpenSqlite(LogFile, new TransparencyLogOptions { Origin = "test" }))
        {
            log.AppendBatch([.. Enumerable.Range(0, count).Select(i => (ReadOnlyMemory<byte>)new byte[] { (byte)i, 1, 2, 3 })]);
        }

        SqliteConnection.ClearAllPools();
    }

    private void Execute(string sql)
    {
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = LogFile, Pooling = false }.ConnectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql + "; PRAGMA wal_checkpoint(TRUNCATE);";
            command.ExecuteNonQuery();
        }
    }

    private static async Task<JsonElement> ReadinessAsync(RunningNode node, Func<JsonElement, bool> until)
    {
        var last = default(JsonElement);
        for (var i = 0; i < 150; i++)
        {
            using var response = await node.GetAsync("/health/ready");
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            last = doc.RootElement.Clone();
            if (until(last))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                return last;
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("readiness never said so: " + last);
    }

    private async Task<StartupException> StartFailsAsync()
    {
        var output = new StringWriter();
        var e = await Assert.ThrowsAsync<StartupException>(async () =>
        {
            var host = await NodeHost.StartAsync(RunningNode.Settings(_data.Path), new NodeConsole(output, output), Ct);
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        });
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(e.Setting + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }
}

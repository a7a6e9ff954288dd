using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mobility.Node.Configuration;
using Mobility.Node.Hosting;
using Mobility.Node.Storage;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Configuration;

public sealed class StartupErrorTests
{
    public static TheoryData<string, string, string, string> Settings => new()
    {
        // key, value, setting named in the message, words of the message
        { "Mobility:Storage:Provder", "sqlite", "Mobility:Storage:Provder", "unknown setting" },
        { "Mobility:Storage:Provider", "mysql", "Mobility:Storage:Provider", "not a storage provider" },
        { "Mobility:Storage:Provider", "postgres", "Mobility:Storage:ConnectionString", "required when" },
        { "Mobility:Storage:ConnectionString", "Host=db;Database=x", "Mobility:Storage:ConnectionString", "not a SQLite connection string" },
        { "Mobility:Storage:ConnectionString", "Data Source=:memory:", "Mobility:Storage:ConnectionString", "in-memory" },
        { "Mobility:Http:Url", "https://127.0.0.1:5080", "Mobility:Http:Url", "not an http URL" },
        { "Mobility:Http:Url", "http://127.0.0.1", "Mobility:Http:Url", "not an http URL" },
        { "Mobility:Cluster:Port", "70000", "Mobility:Cluster:Port", "not a TCP port" },
        { "Mobility:Cluster:Port", "-1", "Mobility:Cluster:Port", "not a TCP port" },
        { "Mobility:Cluster:Host", "bad host!", "Mobility:Cluster:Host", "not a host name" },
        { "Mobility:Cluster:SeedNodes:0", "akka.tcp://other@127.0.0.1:4053", "Mobility:Cluster:SeedNodes", "not a seed node address" },
        { "Mobility:Cluster:SeedNodes", "127.0.0.1:4053", "Mobility:Cluster:SeedNodes", "not a seed node address" },
        { "Mobility:City:DemoSize", "town", "Mobility:City:DemoSize", "only generated when no feeds" },
        { "Mobility:City:Gtfs:0", "/no/such/feed.zip", "Mobility:City:Gtfs", "does not exist" },
        { "Mobility:City:Gbfs", "/no/such/folder", "Mobility:City:Gbfs", "neither an http(s) URL nor an existing folder" },
    };

    [Theory]
    [MemberData(nameof(Settings))]
    public async Task A_bad_setting_stops_the_node_with_one_line_naming_it(string key, string value, string setting, string words)
    {
        using var data = new TempFolder();
        var e = await StartFails(RunningNode.Settings(data.Path, new Dictionary<string, string?> { [key] = value }));
        Assert.Equal(setting, e.Setting);
        Assert.Contains(words, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cluster_port_cannot_be_the_http_port()
    {
        using var data = new TempFolder();
        var e = await StartFails(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Http:Url"] = "http://127.0.0.1:5999", ["Mobility:Cluster:Port"] = "5999" }));
        Assert.Equal("Mobility:Cluster:Port", e.Setting);
    }

    [Fact]
    public async Task A_port_in_use_is_named()
    {
        using var data = new TempFolder();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var http = await StartFails(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Http:Url"] = $"http://127.0.0.1:{port}" }));
        Assert.Equal("Mobility:Http:Url", http.Setting);
        Assert.Contains("already in use", http.Message, StringComparison.Ordinal);

        var cluster = await StartFails(RunningNode.Settings(data.Path, new Dictionary<string, string?> { ["Mobility:Cluster:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal("Mobility:Cluster:Port", cluster.Setting);
    }

    [Fact]
    public async Task A_corrupt_sqlite_file_is_refused_and_left_byte_for_byte_as_it_was()
    {
        using var data = new TempFolder();
        var file = data.File("mobility.db");
        var garbage = "SQLite format 3\0"u8.ToArray().Concat(Enumerable.Range(0, 8192).Select(i => (byte)(i * 7))).ToArray();
        await File.WriteAllBytesAsync(file, garbage, TestContext.Current.CancellationToken);

        var e = await StartFails(RunningNode.Settings(data.Path));
        Assert.Equal("Mobility:Storage:ConnectionString", e.Setting);
        Assert.Contains("not a healthy database", e.Message, StringComparison.Ordinal);
        Assert.Equal(garbage, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(file + "-wal"));
    }

    [Fact]
    public async Task A_corrupt_transparency_log_is_refused_at_start_and_left_as_it_was()
    {
        using var data = new TempFolder();
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
        {
            await node.WaitReadyAsync();
        }

        var log = Path.Combine(data.Path, "carpool", "log.db");
        Assert.True(File.Exists(log), "the node keeps its log in carpool/log.db");
        foreach (var side in new[] { log + "-wal", log + "-shm" })
        {
            File.Delete(side);
        }

        // Keep SQLite's 100-byte header, garble every page after it: the file still opens, its b-trees do not hold.
        var bytes = await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken);
        for (var i = 100; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(i * 31);
        }

        await File.WriteAllBytesAsync(log, bytes, TestContext.Current.CancellationToken);

        var e = await StartFails(RunningNode.Settings(data.Path));
        Assert.Equal("Mobility:DataFolder", e.Setting);
        Assert.Contains("log.db' is not a healthy database", e.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(log, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missing_sqlite_file_the_data_folder_remembers_is_refused()
    {
        using var data = new TempFolder();
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(data.Path)))
        {
            await node.WaitReadyAsync();
        }

        foreach (var f in Directory.GetFiles(data.Path, "mobility.db*"))
        {
            File.Delete(f);
        }

        var e = await StartFails(RunningNode.Settings(data.Path));
        Assert.Equal("Mobility:Storage:ConnectionString", e.Setting);
        Assert.Contains("is missing", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(data.File("mobility.db")));
    }

    [Fact]
    public async Task A_second_node_on_a_running_nodes_data_folder_is_refused_and_the_first_keeps_serving()
    {
        using var data = new TempFolder();
        await using var first = await RunningNode.StartAsync(RunningNode.Settings(data.Path));
        await first.WaitReadyAsync();
        var before = await File.ReadAllBytesAsync(data.File(StoragePreflight.MarkerFile), TestContext.Current.CancellationToken);

        var e = await StartFails(RunningNode.Settings(data.Path));
        Assert.Equal("Mobility:DataFolder", e.Setting);
        Assert.Contains("in use by another running node", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(data.File(StoragePreflight.MarkerFile), TestContext.Current.CancellationToken));
        using var live = await first.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task A_data_folder_moved_whole_keeps_its_database_and_one_moved_without_it_is_refused()
    {
        using var parent = new TempFolder();
        var original = Path.Combine(parent.Path, "a");
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(original)))
        {
            await node.WaitReadyAsync();
        }

        using (var marker = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(original, StoragePreflight.MarkerFile), TestContext.Current.CancellationToken)))
        {
            Assert.Equal("mobility.db", marker.RootElement.GetProperty("file").GetString());
        }

        var moved = Path.Combine(parent.Path, "b");
        Directory.Move(original, moved);
        var size = new FileInfo(Path.Combine(moved, "mobility.db")).Length;
        await using (var node = await RunningNode.StartAsync(RunningNode.Settings(moved)))
        {
            await node.WaitReadyAsync();
            Assert.DoesNotContain("(new)", node.Output.ToString(), StringComparison.Ordinal);
        }

        Assert.False(Directory.Exists(original), "nothing recreated at the old place");
        var restored = Path.Combine(parent.Path, "c");
        Directory.CreateDirectory(restored);
        File.Copy(Path.Combine(moved, StoragePreflight.MarkerFile), Path.Combine(restored, StoragePreflight.MarkerFile));
        var e = await StartFails(RunningNode.Settings(restored));
        Assert.Contains("is missing", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(restored, "mobility.db")));
        Assert.True(size > 0);
    }

    [Fact]
    public async Task An_orphan_write_ahead_log_is_refused_not_discarded()
    {
        using var data = new TempFolder();
        var wal = new byte[] { 1, 2, 3, 4 };
        await File.WriteAllBytesAsync(data.File("mobility.db-wal"), wal, TestContext.Current.CancellationToken);

        var e = await StartFails(RunningNode.Settings(data.Path));
        Assert.Equal("Mobility:Storage:ConnectionString", e.Setting);
        Assert.Contains("mobility.db-wal", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(data.File("mobility.db")));
        Assert.Equal(wal, await File.ReadAllBytesAsync(data.File("mobility.db-wal"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_unreachable_postgres_is_named()
    {
        using var data = new TempFolder();
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // Nothing listens there now.

        var e = await StartFails(RunningNode.Settings(data.Path, new Dictionary<string, string?>
        {
            ["Mobility:Storage:Provider"] = "postgres",
            ["Mobility:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=x;Password=x;Database=x",
        }));
        Assert.Equal("Mobility:Storage:ConnectionString", e.Setting);
        Assert.Contains("unreachable", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_mobility_command_prints_one_line_and_exits_non_zero()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mobility-node.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", dll, "serve", "--storage", "mysql"])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("mobility: Mobility:Storage:Provider: 'mysql' is not a storage provider; use sqlite (embedded, one node) or postgres (a cluster).", stderr.Trim());
    }

    [Theory]
    [InlineData("serve --port 5091", "Unknown option 'port'", "--http-url")]
    [InlineData("--port 5091", "Unknown option 'port'", "serve")]
    [InlineData("keys create --bogus", "Unknown option 'bogus'", "--tenant")]
    public async Task An_unknown_option_is_refused_with_the_valid_ones_listed_and_nothing_runs(string line, string error, string listed)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "mobility-node.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", dll, .. line.Split(' ')])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("mobility: " + error, stderr.Trim(), StringComparison.Ordinal);
        Assert.Contains(listed, await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Ready.", await stdout, StringComparison.Ordinal);
    }

    private static async Task<StartupException> StartFails(Dictionary<string, string?> settings)
    {
        var output = new StringWriter();
        var e = await Assert.ThrowsAsync<StartupException>(async () =>
        {
            var host = await NodeHost.StartAsync(settings, new NodeConsole(output, output), TestContext.Current.CancellationToken);
            await host.StopAsync(CancellationToken.None);
            await host.DisposeAsync();
        });
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith(e.Setting + ": ", e.Message, StringComparison.Ordinal);
        return e;
    }
}

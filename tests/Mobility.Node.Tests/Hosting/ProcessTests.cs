using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Mobility.Node.Tests.Support;

namespace Mobility.Node.Tests.Hosting;

/// <summary>The real <c>mobility</c> executable in its own process: default command, environment variables, Ctrl-C.</summary>
public sealed partial class ProcessTests
{
    [Fact]
    public async Task With_no_command_it_serves_and_reads_settings_from_the_environment()
    {
        using var process = Start([], new Dictionary<string, string> { ["MOBILITY__STORAGE__PROVIDER"] = "mysql" });
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("mobility: Mobility:Storage:Provider: 'mysql' is not a storage provider", stderr.Trim(), StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Ctrl_c_stops_the_node_gracefully_with_exit_code_0()
    {
        using var data = new TempFolder();
        using var process = Start(
            ["serve", "--http-url", "http://127.0.0.1:0", "--cluster-port", "0", "--data", data.Path, "--gtfs", TinyFeeds.GtfsZip()],
            new Dictionary<string, string> { ["MOBILITY__AUTH__APIKEYS"] = TestKeys.Setting });
        var lines = new List<string>();
        Uri? url = null;
        while (await process.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line);
            url ??= HttpLine().Match(line) is { Success: true } m ? new Uri(m.Groups[1].Value) : null;
            if (line.StartsWith("Ready.", StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.True(url is not null, "no http line in: " + string.Join('\n', lines));
        using (var anonymous = new HttpClient { BaseAddress = url })
        using (var http = anonymous.With(await TestKeys.TokenAsync(anonymous, Mobility.Node.Security.Roles.Operator, "sig-int")))
        {
            using var created = await http.PostAsJsonAsync(new Uri("/operators", UriKind.Relative), new { id = "sig-int", name = "SigInt" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var rest = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Stopped.", rest, StringComparison.Ordinal);
    }

    private static Process Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mobility-node.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }

        return Process.Start(start)!;
    }

    [GeneratedRegex(@"^\s+http\s+(http://\S+)")]
    private static partial Regex HttpLine();
}

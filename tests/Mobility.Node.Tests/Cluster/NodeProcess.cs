using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mobility.Node.Tests.Cluster;

/// <summary>
/// A real <c>mobility serve</c> in its own process on fixed loopback ports, so that it can be killed (SIGKILL: no
/// CoordinatedShutdown, no cluster leave, connections cut) or stopped gracefully (SIGINT) and started again on the
/// same addresses. Its output is kept for failure messages.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly StringBuilder _output = new();
    private Process? _process;

    public NodeProcess(string name, string dataFolder, IReadOnlyDictionary<string, string> environment)
    {
        Name = name;
        DataFolder = dataFolder;
        Environment = environment;
        HttpPort = FreePort();
        ClusterPort = FreePort();
        Http = new HttpClient { BaseAddress = HttpAddress, Timeout = TimeSpan.FromSeconds(20) };
    }

    public string Name { get; }

    public string DataFolder { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int HttpPort { get; }

    public int ClusterPort { get; }

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    public string ClusterAddress => $"akka.tcp://mobility@127.0.0.1:{ClusterPort}";

    /// <summary>An anonymous client of this node (tokens go on each request).</summary>
    public HttpClient Http { get; }

    public bool Running => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>mobility serve</c> with these seed nodes (none: a cluster of one, or Cluster Bootstrap when <paramref name="extra"/> sets it).</summary>
    public void Start(IReadOnlyList<string> seeds, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (Running)
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["exec", Path.Combine(AppContext.BaseDirectory, "mobility-node.dll"), "serve",
                     "--http-url", HttpAddress.ToString().TrimEnd('/'), "--cluster-port", ClusterPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--data", DataFolder])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in Environment)
        {
            start.Environment[k] = v;
        }

        start.Environment["MOBILITY__CLUSTER__SEEDNODES"] = string.Join(",", seeds);
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }

        // Every test client is 127.0.0.1: per-IP rate limits would throttle the load, not a client.
        start.Environment["MOBILITY__RATELIMITS__PLANPERMINUTE"] = "0";
        start.Environment["MOBILITY__RATELIMITS__ACCOUNTSPERMINUTE"] = "0";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Append($"--- {Name} started (pid {process.Id}) ---");
    }

    /// <summary>Polls /health/ready until 200 (an Up cluster member with its store and city); fails after <paramref name="within"/>.</summary>
    public async Task WaitReadyAsync(TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer";
        while (clock.Elapsed < within)
        {
            if (!Running)
            {
                throw new InvalidOperationException($"{Name} exited with {_process?.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
                last = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"{Name} not ready after {within.TotalSeconds:0} s: {last}\n{Output}");
    }

    /// <summary>SIGKILL: the process ends at once, mid-request, without leaving the cluster.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit(10_000);
            Append($"--- {Name} killed ---");
        }
    }

    /// <summary>SIGINT, as Ctrl-C: CoordinatedShutdown leaves the cluster and hands shards over; waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } p)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-INT", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Name} did not stop within 30 s of SIGINT:\n{Output}");
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            // Keep the start and the end of a long output: the failure is usually in one of them.
            if (_output.Length > 200_000)
            {
                _output.Remove(20_000, 100_000).Insert(20_000, "\n[...]\n");
            }

            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

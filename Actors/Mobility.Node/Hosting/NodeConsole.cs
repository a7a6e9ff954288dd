using Mobility.Node.City;

namespace Mobility.Node.Hosting;

/// <summary>
/// What the node tells its operator on the terminal: where it listens, where its data lives, what it loaded, and
/// the one line that explains why it stopped. Plain lines, so logs and tests can read them.
/// </summary>
public sealed class NodeConsole(TextWriter output, TextWriter error)
{
    private readonly Lock _gate = new();
    private readonly List<string> _deferred = [];
    private readonly TaskCompletionSource _bannerShown = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The process exit code: 0, or the code of the first fatal problem.</summary>
    public int ExitCode { get; private set; }

    public void Line(string text)
    {
        lock (_gate)
        {
            output.WriteLine(text);
            output.Flush();
        }
    }

    public void Fatal(string message, int exitCode)
    {
        lock (_gate)
        {
            if (ExitCode == 0)
            {
                ExitCode = exitCode;
            }

            error.WriteLine("mobility: " + message);
            error.Flush();
        }
    }

    /// <summary>Called once the banner is printed; lines about the city wait for it, so the output reads in order.</summary>
    public void BannerShown()
    {
        lock (_gate)
        {
            foreach (var line in _deferred)
            {
                output.WriteLine(line);
            }

            _deferred.Clear();
            output.Flush();
        }

        _bannerShown.TrySetResult();
    }

    /// <summary>A line about work that started with the node (city loading): held back until the banner is out.</summary>
    public void Progress(string text)
    {
        lock (_gate)
        {
            if (!_bannerShown.Task.IsCompleted)
            {
                _deferred.Add(text);
                return;
            }
        }

        Line(text);
    }

    public Task WhenBannerShown => _bannerShown.Task;

    public async Task CityLoadedAsync(CityStatus.Loaded city, CancellationToken ct)
    {
        await _bannerShown.Task.WaitAsync(ct);
        Line($"  city      {city.Name} ({city.Took.TotalSeconds:0.0} s)");
        foreach (var feed in city.Feeds)
        {
            Line($"            {feed}");
        }

        Line("Ready. Ctrl-C stops the node.");
    }
}

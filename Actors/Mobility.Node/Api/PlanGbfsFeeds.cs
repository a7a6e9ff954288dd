using Mobility.Node.Hosting;
using Mobility.Routing.SharedMobility.Gbfs;
using Mobility.City;

namespace Mobility.Node.Api;

/// <summary>
/// The GBFS systems of the city the node loaded from folders (configured <c>City:Gbfs</c> paths, or the demo city),
/// each kept in a <see cref="GbfsFeedState"/> and re-read when its files' ttl runs out; a failed read keeps the last
/// good snapshot. Folders are read whatever their age, and <see cref="PlanMobility"/> judges staleness at query time,
/// so that an old feed yields a notice in the answer instead of no state at all. The demo city's operator is played
/// by the node: before each read it republishes the generated system's feed stamped with the current time
/// (<see cref="CityGenerator.WriteLiveGbfs"/>, same stations and vehicles), as a live publisher would.
/// URLs (in <c>City:Gbfs</c> or registered by operators) are polled by the cluster's feed singleton for their status;
/// their vehicles do not reach the planner yet.
/// </summary>
public sealed class PlanGbfsFeeds(TimeProvider clock, NodeConsole console) : BackgroundService
{
    private volatile IReadOnlyList<Folder> _folders = [];

    /// <summary>One refresh pass at a time: a demo folder is written then read, and two writers would tear it.</summary>
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>The states of the folders; a state's <see cref="GbfsFeedState.Current"/> is null until its first good read.</summary>
    public IEnumerable<GbfsFeedState> States => _folders.Select(f => f.State);

    /// <summary>
    /// Takes the city's GBFS folders (HTTP URLs in the list are skipped: they are polled as registered feeds) and reads
    /// them once; <paramref name="demo"/>, when the city is the demo, is republished into <paramref name="demoLiveFolder"/>.
    /// </summary>
    public async Task<string> UseAsync(IReadOnlyList<string> folders, CitySpec? demo, string? demoLiveFolder, CancellationToken ct)
    {
        var list = new List<Folder>();
        if (demo is not null && demoLiveFolder is not null)
        {
            list.Add(new Folder(demoLiveFolder, demo, new GbfsFeedState(new GbfsFolderSource(demoLiveFolder), clock, GbfsReadOptions.AnyAge)));
        }
        else
        {
            list.AddRange(folders.Where(f => !f.StartsWith("http", StringComparison.Ordinal))
                .Select(f => new Folder(f, null, new GbfsFeedState(new GbfsFolderSource(f), clock, GbfsReadOptions.AnyAge))));
        }

        var lines = new List<string>();
        foreach (var folder in list)
        {
            GbfsLoadResult result;
            try
            {
                result = await RefreshAsync(folder, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The planner goes on without this system; the loop retries it.
                folder.DueAt = clock.GetUtcNow().AddSeconds(10);
                lines.Add($"GBFS {folder.Path} not usable by the planner yet: {e.Message}");
                continue;
            }

            lines.Add(result.Succeeded
                ? $"GBFS {result.Snapshot!.System.SystemId} for the planner: {result.Snapshot.Stations.Length} stations, {result.Snapshot.Vehicles.Length} vehicles{(folder.Demo is null ? string.Empty : " (republished live)")}"
                : $"GBFS {folder.Path} not usable by the planner: {string.Join("; ", result.Errors.Take(3))}");
        }

        _folders = list;
        return string.Join(Environment.NewLine, lines);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshPassAsync(onlyDue: true, stoppingToken);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Republishes and re-reads the demo city's folders now (other folders keep their own schedule: nothing in them
    /// changes with the node's clock). The loop above refreshes each folder when its time comes on the node's clock,
    /// checked every wall second; a host that steps the clock itself (the simulated day) calls this after each step,
    /// so that the demo's feed is stamped with the new time whatever the threads' timing (a pass of the loop already
    /// running when the clock stepped is waited for, then superseded).
    /// </summary>
    public Task RefreshDemoAsync(CancellationToken ct) => RefreshPassAsync(onlyDue: false, ct);

    /// <param name="onlyDue">Every folder whose time has come (the loop), or every demo folder now.</param>
    private async Task RefreshPassAsync(bool onlyDue, CancellationToken ct)
    {
        await _refreshing.WaitAsync(ct);
        try
        {
            foreach (var folder in _folders)
            {
                if (onlyDue ? clock.GetUtcNow() >= folder.DueAt : folder.Demo is not null)
                {
                    try
                    {
                        await RefreshAsync(folder, ct);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        folder.DueAt = clock.GetUtcNow().AddSeconds(10);
                        console.Line($"  gbfs      {folder.Path}: {e.Message}");
                    }
                }
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<GbfsLoadResult> RefreshAsync(Folder folder, CancellationToken ct)
    {
        if (folder.Demo is { } spec)
        {
            // Only this class reads the folder, right after writing it, so no read sees a half-written set.
            await Task.Run(() => CityGenerator.WriteLiveGbfs(spec, folder.Path, clock.GetUtcNow()), ct);
        }

        var result = await folder.State.RefreshAsync(ct);

        // GBFS 2.3/3.0 "ttl": re-read when the first file expires; a folder never changes faster than once a second.
        folder.DueAt = clock.GetUtcNow() + (folder.Demo is null ? folder.State.NextRefreshIn() : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, folder.State.NextRefreshIn().Ticks / 2)));
        return result;
    }

    private sealed class Folder(string path, CitySpec? demo, GbfsFeedState state)
    {
        public string Path { get; } = path;

        public CitySpec? Demo { get; } = demo;

        public GbfsFeedState State { get; } = state;

        public DateTimeOffset DueAt { get; set; }
    }
}

using System.Security.Cryptography;
using Mobility.Actors.Operators;
using Mobility.Node.Hosting;

namespace Mobility.Node.Snapshots;

/// <summary>
/// Makes this node serve each operator's latest GTFS version the cluster recorded (<see cref="SharedUploads"/>),
/// whichever node received it: every <see cref="Interval"/> it reads the latest versions, and for one newer than the
/// version it serves it fetches the bytes (checked against the recorded SHA-256), builds the snapshot and swaps it in
/// as the receiving node did. A node started later catches up the same way at its first read. A version whose bytes do
/// not match, or that the planner cannot combine, is left out with one line, and the previous one keeps answering.
/// </summary>
public sealed class UploadFollower(SharedUploads shared, OperatorTimetables timetables, Mobility.Node.Configuration.NodeSettings settings, NodeConsole console, ILogger<UploadFollower> log) : BackgroundService
{
    /// <summary>How long a version recorded elsewhere may take to be served here (plus its fetch and build).</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly HashSet<(string, int)> _leftOut = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!shared.Shared)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await FollowAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // The store down or slow (readiness says so: persistence), a disk full: the next tick tries again. Never
                // let it end the service: an exception escaping a hosted service stops the whole node.
                log.LogWarning(e, "GTFS uploads not followed from the store: {Message}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass: serves every operator's latest recorded version that this node does not serve yet.</summary>
    internal async Task FollowAsync(CancellationToken ct)
    {
        foreach (var upload in await shared.LatestAsync(ct))
        {
            if (timetables.Current.TryGetValue(upload.OperatorId, out var served) && served.Version >= upload.Version)
            {
                continue;
            }

            if (_leftOut.Contains((upload.OperatorId, upload.Version)))
            {
                continue;
            }

            // The row names a folder and a file and sizes a download: each is checked before use.
            if (!OperatorId.TryParse(upload.OperatorId, out _) || upload.Sha256.Length != 64 || !upload.Sha256.All(char.IsAsciiHexDigitLower)
                || upload.Length is < 1 or > Api.OfferEndpoints.MaxGtfsUploadBytes)
            {
                LeaveOut(upload, "the recorded operator id, SHA-256 or length is not well formed");
                continue;
            }

            await ServeAsync(upload, ct);
        }
    }

    private async Task ServeAsync(SharedUpload upload, CancellationToken ct)
    {
        var folder = Path.Combine(settings.DataFolder, "feeds", upload.OperatorId);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, upload.Sha256 + ".zip");
        if (!await HoldsAsync(file, upload.Sha256, ct))
        {
            try
            {
                await shared.FetchAsync(upload, file, ct);
            }
            catch (InvalidDataException e)
            {
                LeaveOut(upload, e.Message);
                return;
            }
        }

        using var change = await timetables.BeginAsync(ct);
        if (timetables.Current.TryGetValue(upload.OperatorId, out var served) && served.Version >= upload.Version)
        {
            return; // Served meanwhile (this node received it, or a previous pass).
        }

        var feed = new UploadedFeed(upload.OperatorId, upload.Version, upload.Sha256, file);
        try
        {
            change.Publish(feed, await change.BuildAsync(feed, ct));
        }
        catch (SnapshotInputException e)
        {
            LeaveOut(upload, $"the planner cannot combine it with the territory's feeds: {e.Message}");
            return;
        }

        log.LogInformation("Serving GTFS version {Version} of {Operator} ({Sha256})", upload.Version, upload.OperatorId, upload.Sha256);
    }

    private static async Task<bool> HoldsAsync(string file, string sha256, CancellationToken ct)
    {
        if (!File.Exists(file))
        {
            return false;
        }

        await using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct)) == sha256;
    }

    private void LeaveOut(SharedUpload upload, string why)
    {
        _leftOut.Add((upload.OperatorId, upload.Version));
        console.Line($"GTFS version {upload.Version} of {upload.OperatorId} recorded by the cluster left out: {why}");
    }
}

using System.Security.Cryptography;
using Mobility.Actors.Operators;
using Mobility.Routing.Realtime;
using Mobility.Routing.SharedMobility.Gbfs;

namespace Mobility.Node.Feeds;

/// <summary>One polled feed: polls when due, keeps the last good content whatever later polls bring.</summary>
public abstract class FeedPoller(TimeProvider clock)
{
    private readonly Lock _lock = new();

    protected TimeProvider Clock { get; } = clock;

    public PollSchedule Schedule { get; private set; } = PollSchedule.Start(clock.GetUtcNow());

    public abstract PollStatus Status { get; }

    /// <summary>Polls once, whatever the schedule says; true when new good content was taken.</summary>
    public async Task<bool> PollAsync(CancellationToken ct)
    {
        var (ok, interval, error) = await FetchAsync(ct);
        var now = Clock.GetUtcNow();
        lock (_lock)
        {
            Schedule = ok ? Schedule.Succeeded(now, interval) : Schedule.Failed(now, interval, error ?? "failed");
        }

        return ok;
    }

    /// <summary>Fetches and validates; never throws for a bad feed: the error is the reason, the interval the regular one.</summary>
    protected abstract Task<(bool Ok, TimeSpan Interval, string? Error)> FetchAsync(CancellationToken ct);
}

/// <summary>GBFS through <see cref="GbfsFeedState"/>: polled by the ttl of its files; a failed load keeps the last snapshot.</summary>
public sealed class GbfsPoller : FeedPoller
{
    /// <summary>A failed load is retried after this, doubled per failure (the ttl is unknown without a good load).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private readonly RecordingGbfsSource _source;

    public GbfsPoller(HttpClient http, Uri discovery, TimeProvider clock, GbfsReadOptions? options = null)
        : base(clock)
    {
        _source = new RecordingGbfsSource(new GbfsHttpSource(http, discovery));
        State = new GbfsFeedState(_source, clock, options);
    }

    public GbfsFeedState State { get; }

    /// <summary>The texts of the last good load, by feed name, to share with the other nodes; null before one.</summary>
    public IReadOnlyDictionary<string, string>? LastGoodFiles { get; private set; }

    public override PollStatus Status => new(
        Schedule.LastSuccessAt, Schedule.LastAttemptAt, Schedule.NextDueAt, Schedule.ConsecutiveFailures, Schedule.LastError,
        State.Current is null || State.IsStale(),
        State.Current is { } s ? $"{s.Stations.Length} stations, {s.Vehicles.Length} free vehicles" : null);

    protected override async Task<(bool Ok, TimeSpan Interval, string? Error)> FetchAsync(CancellationToken ct)
    {
        GbfsLoadResult result;
        try
        {
            result = await State.RefreshAsync(ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return (false, RetryInterval, PollErrors.Describe(e));
        }

        if (result.Succeeded) LastGoodFiles = _source.Files;

        // The ttl decides the next poll (GBFS 2.3 "ttl"): NextRefreshIn is the earliest file expiry, at least 1 s.
        return result.Succeeded
            ? (true, State.NextRefreshIn(), null)
            : (false, RetryInterval, string.Join("; ", result.Errors.Take(3).Select(p => p.ToString())));
    }
}

/// <summary>
/// GTFS-Realtime, polled every 30 s by default, parsed with <see cref="RealtimeParser"/>: a fetch that fails or does not
/// parse keeps the last good message. The URL is http(s), or a local file for the feeds of the node's settings.
/// </summary>
public sealed class GtfsRealtimePoller(HttpClient http, Uri url, TimeProvider clock, TimeSpan? interval = null) : FeedPoller(clock)
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(30);
    public const int MaxBytes = 16 << 20;

    private volatile Good? _good;

    public TimeSpan Interval { get; } = interval ?? DefaultInterval;

    /// <summary>The last good fetch: bytes, SHA-256 and when.</summary>
    public (byte[] Bytes, string Sha256, DateTimeOffset At)? LastGood => _good is { } g ? (g.Bytes, g.Sha256, g.At) : null;

    /// <summary>The last good feed message, parsed.</summary>
    public FeedMessage? LastMessage => _good?.Message;

    public override PollStatus Status => new(
        Schedule.LastSuccessAt, Schedule.LastAttemptAt, Schedule.NextDueAt, Schedule.ConsecutiveFailures, Schedule.LastError,
        Schedule.IsStale(Clock.GetUtcNow(), Interval),
        _good is { } g ? $"{g.Message.Entities.Count} entities, {g.Bytes.Length} bytes, sha256 {g.Sha256[..12]}" : null);

    protected override async Task<(bool Ok, TimeSpan Interval, string? Error)> FetchAsync(CancellationToken ct)
    {
        try
        {
            var (bytes, error) = url.IsFile ? await ReadFileAsync(url.LocalPath, ct) : await DownloadAsync(ct);
            if (bytes is null)
            {
                return (false, Interval, error);
            }

            if (bytes.Length == 0)
            {
                return (false, Interval, "empty body");
            }

            FeedMessage message;
            try
            {
                message = RealtimeParser.Parse(bytes);
            }
            catch (RealtimeFormatException e)
            {
                return (false, Interval, $"{url}: {e.Message}");
            }

            _good = new Good(bytes, message, Convert.ToHexStringLower(SHA256.HashData(bytes)), Clock.GetUtcNow());
            return (true, Interval, null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or UnauthorizedAccessException)
        {
            return (false, Interval, PollErrors.Describe(e));
        }
    }

    private static async Task<(byte[]? Bytes, string? Error)> ReadFileAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            return (null, $"{path}: no such file");
        }

        return info.Length > MaxBytes ? (null, $"{path}: {info.Length} bytes; at most {MaxBytes} are read") : (await File.ReadAllBytesAsync(path, ct), null);
    }

    private async Task<(byte[]? Bytes, string? Error)> DownloadAsync(CancellationToken ct)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            return (null, $"HTTP {(int)response.StatusCode} from {url}");
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            return (null, $"{response.Content.Headers.ContentLength} bytes; at most {MaxBytes} are read");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, $"more than {MaxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), null);
    }

    private sealed record Good(byte[] Bytes, FeedMessage Message, string Sha256, DateTimeOffset At);
}

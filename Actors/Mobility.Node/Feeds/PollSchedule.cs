namespace Mobility.Node.Feeds;

/// <summary>
/// When a feed is polled next and whether what we hold is stale: the regular interval after a success, an exponential
/// backoff after failures (interval x 2^failures, capped), and staleness once the last success is older than
/// <see cref="StaleAfterIntervals"/> intervals. Pure: the caller passes the time.
/// </summary>
public sealed record PollSchedule(DateTimeOffset NextDueAt, int ConsecutiveFailures, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastAttemptAt, string? LastError)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    public const int StaleAfterIntervals = 3;

    public static PollSchedule Start(DateTimeOffset now) => new(now, 0, null, null, null);

    public PollSchedule Succeeded(DateTimeOffset now, TimeSpan interval) => new(now + interval, 0, now, now, null);

    public PollSchedule Failed(DateTimeOffset now, TimeSpan interval, string error)
    {
        var failures = ConsecutiveFailures + 1;
        var wait = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, interval.Ticks * (1L << Math.Min(failures, 20))));
        return this with { NextDueAt = now + wait, ConsecutiveFailures = failures, LastAttemptAt = now, LastError = error };
    }

    public bool IsDue(DateTimeOffset now) => now >= NextDueAt;

    /// <summary>No success yet, or none for <see cref="StaleAfterIntervals"/> intervals.</summary>
    public bool IsStale(DateTimeOffset now, TimeSpan interval) => LastSuccessAt is not { } last || now - last > interval * StaleAfterIntervals;
}

/// <summary>What <c>GET /operators/{id}/feeds</c> shows of a poller.</summary>
public sealed record PollStatus(DateTimeOffset? LastSuccessAt, DateTimeOffset? LastAttemptAt, DateTimeOffset NextDueAt, int ConsecutiveFailures, string? LastError, bool Stale, string? Summary);

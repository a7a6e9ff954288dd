namespace Mobility.Simulation.Day.Run;

/// <summary>
/// The simulated day's clock, stepped by the driver: the in-process node reads every "now" from it (tokens, offer
/// windows, holds, declaration rules, campaigns), so a day runs in minutes and every instant is the scenario's.
/// It only moves forward.
/// </summary>
public sealed class DayClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void AdvanceTo(DateTimeOffset t)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _utcTicks);
            if (t.UtcTicks <= seen)
            {
                return;
            }
        }
        while (Interlocked.CompareExchange(ref _utcTicks, t.UtcTicks, seen) != seen);
    }
}

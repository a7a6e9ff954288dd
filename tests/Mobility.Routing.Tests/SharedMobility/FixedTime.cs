namespace Mobility.Routing.Tests.SharedMobility;

/// <summary>A clock that stays where the test puts it.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

namespace Mobility.Node.Cli;

/// <summary>The time a command was given (<c>--at</c>, a benchmark's window), as the libraries' clock.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}

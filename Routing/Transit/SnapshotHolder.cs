namespace Mobility.Routing.Transit;

/// <summary>
/// Holds the current immutable snapshot and swaps it atomically: readers take <see cref="Current"/> once per query and
/// keep using that instance even while a newer one is published (queries in flight finish on the old snapshot).
/// </summary>
public sealed class SnapshotHolder<T>
    where T : class
{
    private T _current;
    private long _version;

    public SnapshotHolder(T initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        _current = initial;
    }

    /// <summary>The snapshot to use for one query (an acquire read: fully built objects only).</summary>
    public T Current => Volatile.Read(ref _current);

    /// <summary>Incremented by each successful swap.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Publishes <paramref name="next"/> and returns the snapshot it replaced.</summary>
    public T Swap(T next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var previous = Interlocked.Exchange(ref _current, next);
        Interlocked.Increment(ref _version);
        return previous;
    }

    /// <summary>Publishes <paramref name="next"/> only if the current snapshot is still <paramref name="expected"/>
    /// (so that two updaters deriving from the same snapshot do not silently drop one another's work).</summary>
    public bool TrySwap(T expected, T next)
    {
        ArgumentNullException.ThrowIfNull(next);
        if (!ReferenceEquals(Interlocked.CompareExchange(ref _current, next, expected), expected))
        {
            return false;
        }

        Interlocked.Increment(ref _version);
        return true;
    }
}

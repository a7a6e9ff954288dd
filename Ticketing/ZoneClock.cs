using System.Collections.Concurrent;

namespace Mobility.Ticketing;

/// <summary>
/// The wall clock of a time zone, fast: the UTC offset is looked up once per UTC hour when it is the same at both ends
/// of the hour; an hour holding a zone transition is converted instant by instant. Thread-safe; bounded.
/// </summary>
public sealed class ZoneClock(TimeZoneInfo zone)
{
    private const int MaxCachedHours = 200_000;

    private readonly ConcurrentDictionary<long, TimeSpan?> _offsets = new();

    public TimeZoneInfo Zone { get; } = zone;

    public DateTime Local(DateTimeOffset at) => Local(at.UtcTicks);

    public DateTime Local(long utcTicks)
    {
        var hour = utcTicks / TimeSpan.TicksPerHour;
        if (!_offsets.TryGetValue(hour, out var offset))
        {
            if (_offsets.Count > MaxCachedHours)
            {
                _offsets.Clear();
            }

            var start = Zone.GetUtcOffset(new DateTime(hour * TimeSpan.TicksPerHour, DateTimeKind.Utc));
            var end = Zone.GetUtcOffset(new DateTime(((hour + 1) * TimeSpan.TicksPerHour) - 1, DateTimeKind.Utc));
            _offsets[hour] = offset = start == end ? start : null;
        }

        var exact = offset ?? Zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc));
        return new DateTime(utcTicks + exact.Ticks, DateTimeKind.Unspecified);
    }
}

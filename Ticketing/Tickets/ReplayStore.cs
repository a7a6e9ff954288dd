namespace Mobility.Ticketing.Tickets;

/// <summary>A previous validation of a ticket: when, where and by which validator.</summary>
public sealed record TicketUse(DateTimeOffset Time, string ValidatorId, double? Latitude, double? Longitude);

/// <summary>What a validation found in the store.</summary>
public readonly record struct ReplayCheck(bool Replayed, DateTimeOffset? FirstUse, string? FirstValidator, TicketUse? Previous);

/// <summary>
/// The ticket ids a validator has seen (offline, in memory; its uploads reconcile later). A leg may be shown again
/// within the transfer window of its first use (a second gate, an inspector); past it, it is a replay. Entries are
/// dropped once their ticket has expired, and the store is bounded.
/// </summary>
public sealed class ReplayStore(int maxTickets = 1_000_000)
{
    private readonly Dictionary<string, Entry> _tickets = new(StringComparer.Ordinal);

    public int Count => _tickets.Count;

    public ReplayCheck Use(string ticketId, int leg, DateTimeOffset now, DateTimeOffset forgetAfter, ValidationPoint at, TimeSpan transferWindow)
    {
        if (!_tickets.TryGetValue(ticketId, out var entry))
        {
            if (_tickets.Count >= maxTickets)
            {
                Prune(now);
                if (_tickets.Count >= maxTickets)
                {
                    throw new InvalidOperationException("replay store full of unexpired tickets");
                }
            }

            _tickets[ticketId] = entry = new Entry(forgetAfter);
        }

        var previous = entry.Last;
        if (entry.FirstUse.TryGetValue(leg, out var first) && now - first.Time > transferWindow)
        {
            return new ReplayCheck(true, first.Time, first.ValidatorId, previous);
        }

        var use = new TicketUse(now, at.ValidatorId, at.Latitude, at.Longitude);
        entry.FirstUse.TryAdd(leg, use);
        entry.Last = use;
        return new ReplayCheck(false, null, null, previous);
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (id, entry) in _tickets.ToList())
        {
            if (entry.ForgetAfter < now)
            {
                _tickets.Remove(id);
            }
        }
    }

    private sealed class Entry(DateTimeOffset forgetAfter)
    {
        public DateTimeOffset ForgetAfter { get; } = forgetAfter;

        public Dictionary<int, TicketUse> FirstUse { get; } = [];

        public TicketUse? Last { get; set; }
    }
}

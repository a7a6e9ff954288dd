using System.Collections.Immutable;
using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Trips;

/// <summary>
/// The pure state of one booking. <see cref="Process"/> decides, <see cref="Apply"/> folds; no clock, no I/O.
/// Every command is idempotent: repeating one that already took effect produces no event and the same view.
/// </summary>
public sealed record TripState(
    TripId? Id,
    TravelerId? TravelerId,
    TripStatus Status,
    ImmutableList<TripLeg> Legs,
    ImmutableList<OperatorId> AcceptedBy,
    string Fingerprint,
    DateTimeOffset BookedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset UpdatedAt,
    TripTicket? Ticket = null,
    TripReplies.Rejected? Refusal = null) : IPersistedSnapshot
{
    public const int MaxLegs = 8;
    public const int MaxFingerprintLength = 128;

    /// <summary>The longest hold a booking may ask for.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromHours(24);

    public static TripState Empty { get; } = new(null, null, TripStatus.Offered, [], [], string.Empty, default, default, default);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool Exists => Id is not null;

    /// <summary>The operators whose acceptance a commit waits for: those of carpool legs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<OperatorId> CarpoolOperators => Legs.Where(l => l.Kind == LegKind.Carpool).Select(l => l.OperatorId).Distinct();

    public TripDecision Process(ITripCommand command)
    {
        if (command is TripCommands.Book book)
        {
            return Book(book);
        }

        if (!Exists)
        {
            return TripDecision.Reject(command.TripId, TripRejection.NotFound, "No such trip.");
        }

        if (command is TripCommands.HoldsPlaced placed)
        {
            return Status != TripStatus.Requested ? TripDecision.Accept()
                : placed.Refusal is { } refusal ? TripDecision.RejectAfter(Id!, refusal.Kind, refusal.Reason, new TripEvents.Refused(Id!, refusal.Kind, refusal.Reason, placed.At))
                : TripDecision.Accept(new TripEvents.Booked(Id!, TravelerId!, Legs, Fingerprint, BookedAt, ExpiresAt));
        }

        if (Status == TripStatus.Requested && command is not (TripCommands.Expire or TripCommands.Book))
        {
            return TripDecision.Reject(Id!, TripRejection.WrongState, "The booking is still placing its holds; ask again in a moment.");
        }

        return command switch
        {
            TripCommands.Commit c => Owned(c.TravelerId) ?? Commit(c.At),
            TripCommands.Answer a => Answer(a),
            TripCommands.Start s => Owned(s.TravelerId) ?? Move(TripStatus.Confirmed, TripStatus.Started, new TripEvents.Started(Id!, s.At)),
            TripCommands.End e => Owned(e.TravelerId) ?? Move(TripStatus.Started, TripStatus.Ended, new TripEvents.Ended(Id!, e.At)),
            TripCommands.Cancel c => Owned(c.TravelerId) ?? Cancel("traveler", c.At),
            TripCommands.IssueTicket t => Owned(t.TravelerId) ?? IssueTicket(t),
            TripCommands.Expire x => Status is TripStatus.Offered or TripStatus.Pending && x.At >= ExpiresAt
                ? TripDecision.Accept(new TripEvents.Expired(Id!, x.At))
                : TripDecision.Accept(),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not a trip command."),
        };
    }

    public TripState Apply(ITripEvent @event) => (@event switch
    {
        TripEvents.HoldsRequested r => this with
        {
            Refusal = null,
            Id = r.TripId, TravelerId = r.TravelerId, Status = TripStatus.Requested, Legs = [.. r.Legs], Fingerprint = r.Fingerprint,
            BookedAt = r.At, ExpiresAt = r.ExpiresAt,
        },
        TripEvents.Booked b => this with
        {
            Id = b.TripId, TravelerId = b.TravelerId, Status = TripStatus.Offered, Legs = [.. b.Legs], Fingerprint = b.Fingerprint,
            BookedAt = b.At, ExpiresAt = b.ExpiresAt,
        },
        TripEvents.Refused r => this with { Status = TripStatus.Refused, Refusal = new TripReplies.Rejected(r.TripId, r.Kind, r.Reason) },
        TripEvents.Committed c => this with { Status = c.Status },
        TripEvents.OperatorAccepted a => this with { AcceptedBy = AcceptedBy.Add(a.OperatorId), Status = a.Confirmed ? TripStatus.Confirmed : Status },
        TripEvents.Started => this with { Status = TripStatus.Started },
        TripEvents.Ended => this with { Status = TripStatus.Ended },
        TripEvents.Cancelled => this with { Status = TripStatus.Cancelled },
        TripEvents.Expired => this with { Status = TripStatus.Expired },
        TripEvents.TicketIssued t => this with { Ticket = new TripTicket(t.TicketId, t.KeyId, t.At) },
        TripEvents.TicketRevoked => this,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not a trip event."),
    }) with { UpdatedAt = @event.At };

    public TripView ToView() => new(
        Id ?? throw new InvalidOperationException("No trip."), TravelerId!, Status, Legs, AcceptedBy, BookedAt, ExpiresAt, UpdatedAt, Ticket);

    private TripDecision Book(TripCommands.Book c)
    {
        if (Exists)
        {
            return c.TravelerId != TravelerId ? TripDecision.Reject(c.TripId, TripRejection.NotYours, "Not your trip.")
                : c.Fingerprint == Fingerprint && Status == TripStatus.Refused ? Retry(c)
                : c.Fingerprint == Fingerprint ? TripDecision.Accept()
                : TripDecision.Reject(c.TripId, TripRejection.KeyReused, "This idempotency key was used for another booking request.");
        }

        if (c.Legs.Count is 0 or > MaxLegs)
        {
            return TripDecision.Reject(c.TripId, TripRejection.Invalid, $"A booking holds 1 to {MaxLegs} legs.");
        }

        foreach (var leg in c.Legs)
        {
            if (leg.Problem() is { } problem)
            {
                return TripDecision.Reject(c.TripId, TripRejection.Invalid, problem);
            }
        }

        // A held resource is held once; two transit legs may ride the same line.
        var held = c.Legs.Where(l => l.Holds).Select(l => (l.OperatorId, l.ResourceId)).ToList();
        if (held.Distinct().Count() != held.Count)
        {
            return TripDecision.Reject(c.TripId, TripRejection.Invalid, "A resource appears in two legs.");
        }

        if (c.ExpiresAt <= c.At || c.ExpiresAt - c.At > MaxHold || c.Fingerprint.Length is 0 or > MaxFingerprintLength)
        {
            return TripDecision.Reject(c.TripId, TripRejection.Invalid, $"The hold must end after the booking and within {MaxHold.TotalHours:0} h.");
        }

        // Holds are placed next (by the entity, each answer persisted): first the intent, so a crash releases them.
        return c.Legs.Any(l => l.Holds)
            ? TripDecision.Accept(new TripEvents.HoldsRequested(c.TripId, c.TravelerId, c.Legs, c.Fingerprint, c.At, c.ExpiresAt))
            : TripDecision.Accept(new TripEvents.Booked(c.TripId, c.TravelerId, c.Legs, c.Fingerprint, c.At, c.ExpiresAt));
    }

    /// <summary>A refused booking retried with the same key and body is tried again (its holds were all released).</summary>
    private TripDecision Retry(TripCommands.Book c) =>
        c.ExpiresAt <= c.At || c.ExpiresAt - c.At > MaxHold
            ? TripDecision.Reject(c.TripId, TripRejection.Invalid, $"The hold must end after the booking and within {MaxHold.TotalHours:0} h.")
            : TripDecision.Accept(new TripEvents.HoldsRequested(c.TripId, c.TravelerId, Legs, Fingerprint, c.At, c.ExpiresAt));

    private TripDecision Commit(DateTimeOffset at)
    {
        if (Status is TripStatus.Pending or TripStatus.Confirmed or TripStatus.Started or TripStatus.Ended)
        {
            return TripDecision.Accept(); // Already committed: a retried commit.
        }

        if (Status == TripStatus.Offered && at >= ExpiresAt)
        {
            return TripDecision.RejectAfter(Id!, TripRejection.Expired, "The booking expired before it was committed; its holds are released.", new TripEvents.Expired(Id!, at));
        }

        return Status == TripStatus.Offered
            ? TripDecision.Accept(new TripEvents.Committed(Id!, CarpoolOperators.Any() ? TripStatus.Pending : TripStatus.Confirmed, at))
            : TripDecision.Reject(Id!, Status == TripStatus.Expired ? TripRejection.Expired : TripRejection.WrongState, $"A {Status} trip cannot be committed.");
    }

    private TripDecision Answer(TripCommands.Answer a)
    {
        if (!CarpoolOperators.Contains(a.OperatorId))
        {
            return TripDecision.Reject(Id!, TripRejection.NotYours, "Not a carpool operator of this trip.");
        }

        if (AcceptedBy.Contains(a.OperatorId) && a.Accept)
        {
            return TripDecision.Accept(); // A retried acceptance.
        }

        if (Status == TripStatus.Cancelled && !a.Accept)
        {
            return TripDecision.Accept(); // A retried denial (or the traveler cancelled first: the outcome is the same).
        }

        if (Status == TripStatus.Pending && a.At >= ExpiresAt)
        {
            return TripDecision.RejectAfter(Id!, TripRejection.Expired, "The booking expired before the operator answered.", new TripEvents.Expired(Id!, a.At));
        }

        if (Status != TripStatus.Pending)
        {
            return TripDecision.Reject(Id!, Status == TripStatus.Expired ? TripRejection.Expired : TripRejection.WrongState, $"A {Status} trip awaits no answer.");
        }

        if (!a.Accept)
        {
            return TripDecision.Accept(new TripEvents.Cancelled(Id!, "operator:" + a.OperatorId, a.At));
        }

        var confirmed = CarpoolOperators.All(o => o == a.OperatorId || AcceptedBy.Contains(o));
        return TripDecision.Accept(new TripEvents.OperatorAccepted(Id!, a.OperatorId, confirmed, a.At));
    }

    private TripDecision Cancel(string by, DateTimeOffset at) => Status switch
    {
        TripStatus.Cancelled => TripDecision.Accept(),
        TripStatus.Offered or TripStatus.Pending when at >= ExpiresAt =>
            TripDecision.RejectAfter(Id!, TripRejection.Expired, "The booking had already expired.", new TripEvents.Expired(Id!, at)),
        TripStatus.Offered or TripStatus.Pending => TripDecision.Accept(new TripEvents.Cancelled(Id!, by, at)),

        // A ticket already shown stays valid offline until it expires: its id goes on the published deny list.
        TripStatus.Confirmed => Ticket is { } ticket
            ? TripDecision.Accept(new TripEvents.Cancelled(Id!, by, at), new TripEvents.TicketRevoked(Id!, ticket.TicketId, at))
            : TripDecision.Accept(new TripEvents.Cancelled(Id!, by, at)),
        TripStatus.Expired => TripDecision.Reject(Id!, TripRejection.Expired, "The booking had already expired."),
        _ => TripDecision.Reject(Id!, TripRejection.WrongState, $"A {Status} trip cannot be cancelled."),
    };

    /// <summary>A trip gets its ticket once, when it is confirmed (or started): later asks find the same ticket.</summary>
    private TripDecision IssueTicket(TripCommands.IssueTicket t)
    {
        if (Ticket is not null)
        {
            return TripDecision.Accept();
        }

        if (Status is not (TripStatus.Confirmed or TripStatus.Started))
        {
            return TripDecision.Reject(Id!, Status == TripStatus.Expired ? TripRejection.Expired : TripRejection.WrongState,
                Status is TripStatus.Offered or TripStatus.Pending
                    ? $"A {Status} trip has no ticket yet: commit it and wait for its carpool operators to accept."
                    : $"A {Status} trip has no ticket.");
        }

        if (t.TicketId.Length is < 16 or > 64 || t.KeyId.Length is 0 or > 64)
        {
            return TripDecision.Reject(Id!, TripRejection.Invalid, "A ticket id has 16-64 characters and a key id 1-64.");
        }

        return TripDecision.Accept(new TripEvents.TicketIssued(Id!, t.TicketId, t.KeyId, t.At));
    }

    private TripDecision Move(TripStatus from, TripStatus to, ITripEvent @event)
    {
        return Status == to ? TripDecision.Accept()
            : Status == from ? TripDecision.Accept(@event)
            : TripDecision.Reject(Id!, TripRejection.WrongState, $"A {Status} trip cannot become {to}.");
    }

    private TripDecision? Owned(TravelerId traveler) =>
        traveler == TravelerId ? null : TripDecision.Reject(Id!, TripRejection.NotYours, "Not your trip.");
}

/// <summary>What a command decided: events to persist, then either the view or the rejection to answer.</summary>
public sealed record TripDecision(IReadOnlyList<ITripEvent> Events, TripReplies.Rejected? Rejection)
{
    public static TripDecision Accept(params ITripEvent[] events) => new(events, null);

    public static TripDecision Reject(TripId id, TripRejection kind, string reason) => new([], new TripReplies.Rejected(id, kind, reason));

    /// <summary>Persist <paramref name="events"/> (a lapse noticed on the way), then refuse.</summary>
    public static TripDecision RejectAfter(TripId id, TripRejection kind, string reason, params ITripEvent[] events) => new(events, new TripReplies.Rejected(id, kind, reason));
}

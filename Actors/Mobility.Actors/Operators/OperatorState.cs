using System.Collections.Immutable;
using Mobility.Actors.Serialization;

namespace Mobility.Actors.Operators;

/// <summary>
/// The pure state of one operator: <see cref="Process"/> decides which events a command produces, <see cref="Apply"/>
/// folds an event in. No I/O, no clock: the actor persists what <see cref="Process"/> returns and replays with
/// <see cref="Apply"/>.
/// </summary>
public sealed partial record OperatorState(
    OperatorId? Id,
    string Name,
    string? ContactEmail,
    DateTimeOffset RegisteredAt,
    ImmutableList<FeedVersion> Feeds) : IPersistedSnapshot
{
    public const int MaxNameLength = 200;
    public const int MaxEmailLength = 254;
    public const int MaxSourceLength = 2048;

    /// <summary>Versions kept in the state per feed kind; older ones stay in the journal.</summary>
    public const int KeptVersionsPerKind = 20;

    public static OperatorState Empty { get; } = new(null, string.Empty, null, default, []);

    public bool IsRegistered => Id is not null;

    public OperatorDecision Process(IOperatorCommand command) => command switch
    {
        OperatorCommands.Register r => Register(r),
        OperatorCommands.RecordFeedVersion f => RecordFeedVersion(f),
        _ when !IsRegistered => OperatorDecision.Reject(command.OperatorId, RejectionKind.NotRegistered, "id", $"Operator '{command.OperatorId}' is not registered."),
        OperatorCommands.RegisterFeedSource s => RegisterFeedSource(s),
        OperatorCommands.UnregisterFeedSource u => UnregisterFeedSource(u),
        OperatorCommands.PublishOffer p => PublishOffer(p),
        OperatorCommands.WithdrawOffer w => WithdrawOffer(w),
        OperatorCommands.PlaceHold h => PlaceHold(h),
        OperatorCommands.ConfirmHolds c => Holds.Any(h => h.TripId == c.TripId && !h.Confirmed)
            ? OperatorDecision.Accept(new OperatorEvents.HoldsConfirmed(c.OperatorId, c.TripId, c.At)) : OperatorDecision.Accept(),
        OperatorCommands.ReleaseHolds r => Holds.Any(h => h.TripId == r.TripId)
            ? OperatorDecision.Accept(new OperatorEvents.HoldsReleased(r.OperatorId, r.TripId, r.At)) : OperatorDecision.Accept(),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not an operator command."),
    };

    public OperatorState Apply(IOperatorEvent @event) => @event switch
    {
        OperatorEvents.Registered r => this with { Id = r.OperatorId, Name = r.Name, ContactEmail = r.ContactEmail, RegisteredAt = r.At },
        OperatorEvents.FeedVersionRecorded f => this with { Feeds = Keep(Feeds.Add(new FeedVersion(f.Kind, f.Number, f.Sha256, f.Source, f.At)), f.Kind) },
        _ => ApplyLive(@event),
    };

    /// <summary>The read shape; <paramref name="now"/> decides which holds still count against free seats.</summary>
    public OperatorView ToView(DateTimeOffset now) =>
        new(Id ?? throw new InvalidOperationException("The operator is not registered."), Name, ContactEmail, RegisteredAt, Feeds)
        {
            Sources = Sources,
            Offers = [.. Offers.Select(o => new LiveOffer(Id, o, SeatsFree(o.OfferId, null, now)))],
            CarpoolTrips = [.. Holds.Where(h => h.Kind == Trips.LegKind.Carpool && h.IsActive(now)).Select(h => h.TripId).Distinct().TakeLast(MaxTripsShown)],
        };

    /// <summary>Trips an operator's view lists at most.</summary>
    public const int MaxTripsShown = 200;

    /// <summary>The latest recorded version of a kind of feed, if any.</summary>
    public FeedVersion? Latest(FeedKind kind) => Feeds.LastOrDefault(f => f.Kind == kind);

    private OperatorDecision Register(OperatorCommands.Register c)
    {
        var name = c.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > MaxNameLength || name.Any(char.IsControl))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "name", $"The name must have 1 to {MaxNameLength} printable characters.");
        }

        var email = string.IsNullOrWhiteSpace(c.ContactEmail) ? null : c.ContactEmail.Trim();
        if (email is not null && !LooksLikeEmail(email))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "contactEmail", $"'{Shorten(email)}' is not an e-mail address (local@domain, at most {MaxEmailLength} characters).");
        }

        if (IsRegistered)
        {
            // A retried registration (same name and contact) is accepted as is: clients may repeat a request whose answer they lost.
            return name == Name && email == ContactEmail
                ? OperatorDecision.Accept()
                : OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "id", $"Operator '{c.OperatorId}' is already registered as '{Name}'.");
        }

        return OperatorDecision.Accept(new OperatorEvents.Registered(c.OperatorId, name, email, c.At));
    }

    private OperatorDecision RecordFeedVersion(OperatorCommands.RecordFeedVersion c)
    {
        if (!IsRegistered)
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.NotRegistered, "id", $"Operator '{c.OperatorId}' is not registered.");
        }

        if (!Enum.IsDefined(c.Kind))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "kind", $"'{(int)c.Kind}' is not a feed kind.");
        }

        var sha = c.Sha256 ?? string.Empty;
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "sha256", "The content hash must be 64 lower-case hexadecimal digits (SHA-256).");
        }

        if (c.Source is not null && (!c.Source.IsAbsoluteUri || c.Source.Scheme is not ("http" or "https") || c.Source.OriginalString.Length > MaxSourceLength))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "source", $"The source must be an absolute http(s) URL of at most {MaxSourceLength} characters.");
        }

        var latest = Latest(c.Kind);
        if (latest is not null && latest.Sha256 == sha)
        {
            // The same content again is not a new version (a poller that sees an unchanged feed records nothing).
            return OperatorDecision.Accept();
        }

        var number = (latest?.Number ?? 0) + 1;
        return OperatorDecision.Accept(new OperatorEvents.FeedVersionRecorded(c.OperatorId, c.Kind, number, sha, c.Source, c.At));
    }

    private static ImmutableList<FeedVersion> Keep(ImmutableList<FeedVersion> feeds, FeedKind kind)
    {
        var count = feeds.Count(f => f.Kind == kind);
        return count <= KeptVersionsPerKind ? feeds : feeds.Remove(feeds.First(f => f.Kind == kind));
    }

    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return email.Length <= MaxEmailLength && at > 0 && at == email.LastIndexOf('@') && at < email.Length - 3
            && email.IndexOf('.', at) > at + 1 && !email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";
}

/// <summary>What a command decided: the events to persist, or why it was refused.</summary>
public sealed record OperatorDecision(IReadOnlyList<IOperatorEvent> Events, OperatorReplies.Rejected? Rejection)
{
    public static OperatorDecision Accept(params IOperatorEvent[] events) => new(events, null);

    public static OperatorDecision Reject(OperatorId id, RejectionKind kind, string field, string reason) => new([], new OperatorReplies.Rejected(id, kind, field, reason));
}

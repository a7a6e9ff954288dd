using Mobility.Actors.Operators;
using Mobility.Actors.Serialization;
using Mobility.Actors.Trips;
using Mobility.Ticketing.Capping;

namespace Mobility.Actors.Accounts;

/// <summary>Every message addressed to one medium's account names that medium.</summary>
public interface IAccountMessage : IClusterMessage
{
    string Medium { get; }
}

public interface IAccountEvent : IPersistedEvent
{
    DateTimeOffset At { get; }
}

/// <summary>
/// One tap as an operator's validator recorded it (the operator's own id for it, unique per operator). <paramref name="Via"/>
/// names the card it was read from when that is not the account's own medium (a card registered on the account);
/// <paramref name="Carpool"/> is set when the node verified that a carpool campaign grants this leg.
/// </summary>
public sealed record TapInput(string TapId, DateTimeOffset Time, long Fare, string Tier, string? Validator, string? Via = null, CarpoolLeg? Carpool = null);

/// <summary>
/// A connecting transit leg a carpool campaign grants (<c>transit_benefit</c>): the campaign that pays the fare in
/// clearing, and the journey (its log leaf hash) whose attestation the tap carried: one leg per journey.
/// </summary>
public sealed record CarpoolLeg(string Campaign, string Journey);

/// <summary>
/// A tap the account holds: the operator that reported it and the tap (its id prefixed with that operator), the card it
/// was read from (null: the account's own medium), and the carpool campaign that pays it (null: the traveler does).
/// </summary>
public sealed record RecordedTap(OperatorId OperatorId, Tap Tap, string? Validator, DateTimeOffset RecordedAt, string? Via = null, CarpoolLeg? Carpool = null);

/// <summary>A card (or another app token) registered on the account: its medium id (never the card number), a label, since when.</summary>
public sealed record MediumLink(string Medium, string Label, DateTimeOffset LinkedAt);

/// <summary>What became of one tap of an upload.</summary>
public enum TapOutcome
{
    /// <summary>Recorded and charged under the caps (its charge may be 0).</summary>
    Charged = 1,

    /// <summary>Recorded before: nothing changed (an upload retried).</summary>
    Duplicate = 2,

    /// <summary>Not recorded; the reason says why.</summary>
    Refused = 3,
}

public sealed record TapResult(string TapId, TapOutcome Outcome, long? Charged, string? Reason);

public static class AccountCommands
{
    /// <summary>Opens the medium's account for its traveler (idempotent; a medium another traveler holds is refused).</summary>
    public sealed record Open(string Medium, TravelerId Owner, DateTimeOffset At) : IAccountMessage;

    /// <summary>An operator uploads taps of this medium, on time or late (offline validators).</summary>
    public sealed record RecordTaps(string Medium, OperatorId OperatorId, IReadOnlyList<TapInput> Taps, DateTimeOffset At) : IAccountMessage;

    public sealed record Get(string Medium) : IAccountMessage;

    /// <summary>
    /// Credits what a source (an incentive campaign) owes the traveler in all, <paramref name="TotalCents"/>: the account
    /// records the difference with what it credited from that source before (a revoked journey's incentive lowers it).
    /// </summary>
    public sealed record Credit(string Medium, TravelerId Owner, string Source, long TotalCents, DateTimeOffset At) : IAccountMessage;

    /// <summary>
    /// The operator refunds one of its taps (a ride not made, a validator's double read): a reversing entry, never an
    /// edit, and the tap's period charged again without it.
    /// </summary>
    public sealed record RefundTap(string Medium, OperatorId OperatorId, string TapId, string Reason, DateTimeOffset At) : IAccountMessage;

    /// <summary>
    /// Adds a card to the traveler's media index (idempotent). The node first binds the card to the traveler (one holder
    /// per card), so the index lists what the binding holds.
    /// </summary>
    public sealed record LinkMedium(string Medium, TravelerId Owner, string Card, string Label, DateTimeOffset At) : IAccountMessage;

    /// <summary>Takes a card off the index (after its binding ended); unknown: <see cref="AccountReplies.NotFound"/>.</summary>
    public sealed record UnlinkMedium(string Medium, TravelerId Owner, string Card, DateTimeOffset At) : IAccountMessage;
}

public static class AccountEvents
{
    public sealed record Opened(string Medium, TravelerId Owner, DateTimeOffset At) : IAccountEvent;

    /// <summary>A credit (negative: a correction) from a source, in the account's currency's minor units.</summary>
    public sealed record Credited(string Medium, string Source, long Amount, DateTimeOffset At) : IAccountEvent;

    /// <summary>
    /// Taps recorded and the ledger entries they caused under <paramref name="Scheme"/>: the entries are stored, not
    /// recomputed on recovery, so what was charged stays what was charged if the node's scheme changes later.
    /// </summary>
    public sealed record TapsCharged(string Medium, string Scheme, IReadOnlyList<RecordedTap> Taps, IReadOnlyList<ChargeEntry> Entries, DateTimeOffset At) : IAccountEvent;

    /// <summary>A tap refunded (<paramref name="TapId"/> is the account's id, operator-prefixed) and the entries it caused.</summary>
    public sealed record TapRefunded(string Medium, string TapId, string Reason, IReadOnlyList<ChargeEntry> Entries, DateTimeOffset At) : IAccountEvent;

    public sealed record MediumLinked(string Medium, string Card, string Label, DateTimeOffset At) : IAccountEvent;

    public sealed record MediumUnlinked(string Medium, string Card, DateTimeOffset At) : IAccountEvent;
}

public static class AccountReplies
{
    public sealed record Found(AccountView Account) : IClusterMessage;

    public sealed record NotFound(string Medium) : IClusterMessage;

    /// <summary>The medium belongs to another traveler.</summary>
    public sealed record NotYours(string Medium) : IClusterMessage;

    public sealed record Recorded(string Medium, IReadOnlyList<TapResult> Results) : IClusterMessage;

    /// <summary>The refund's entries (a reversal of the tap's charge, and re-charges of its period), or why not.</summary>
    public sealed record Refunded(string Medium, string TapId, IReadOnlyList<ChargeEntry> Entries) : IClusterMessage;

    /// <summary>No such tap of this operator on this medium, or (<paramref name="Already"/>) it is refunded already.</summary>
    public sealed record RefundRefused(string Medium, string TapId, bool Already, string Reason) : IClusterMessage;

    /// <summary>The account holds <see cref="AccountState.MaxMedia"/> cards already.</summary>
    public sealed record MediaFull(string Medium, int Max) : IClusterMessage;
}

/// <summary>The read shape of an account: its taps (newest last) with what each costs now, and the ledger.</summary>
public sealed record AccountView(
    string Medium,
    TravelerId Owner,
    string? Scheme,
    IReadOnlyList<RecordedTap> Taps,
    IReadOnlyDictionary<string, long> Charged,
    IReadOnlyList<ChargeEntry> Entries,
    DateTimeOffset OpenedAt,
    IReadOnlyDictionary<string, long>? Credits = null,
    IReadOnlySet<string>? Refunded = null,
    IReadOnlyList<MediumLink>? Media = null);

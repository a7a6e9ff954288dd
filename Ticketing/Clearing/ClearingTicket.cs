using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Clearing;

/// <summary>One leg as clearing sees it: who ran it, its mode, its stand-alone fare, distance and time used.</summary>
public sealed record ClearingLeg(string Operator, string Mode, long StandaloneFare, long DistanceMeters, long UsedSeconds);

/// <summary>A ticket's revenue to share (negative for a refund: the sale's split, reversed).</summary>
public sealed record ClearingTicket(string TicketId, DateTimeOffset SoldAt, Money Revenue, IReadOnlyList<ClearingLeg> Legs)
{
    /// <summary>The id prefix of a ticket an incentive campaign pays (a connecting leg a carpool grants): <c>campaign:ID/...</c>.</summary>
    public const string CampaignPrefix = "campaign:";

    /// <summary>Travelers pay every ticket but those whose id names a campaign, which that campaign pays.</summary>
    public const string Travelers = "travelers";

    /// <summary>
    /// Who pays this ticket's revenue: <see cref="Travelers"/>, or <c>campaign:ID</c> from the id's prefix. The payer is
    /// read from the id so that the clearing CSV, which an authority re-computes a statement from, carries it as is.
    /// </summary>
    public string Payer => TicketId.StartsWith(CampaignPrefix, StringComparison.Ordinal) && TicketId.IndexOf('/', CampaignPrefix.Length) is var slash and > 0
        ? TicketId[..slash]
        : Travelers;
}

/// <summary>
/// One ledger entry per leg in the TOMP-API v1.6.1 <c>journalEntry</c> shape (amount incl. and excl. VAT, currency,
/// VAT rate, category FARE or REFUND, distance, used time, state). Amounts are kept in minor units here; the
/// TOMP form writes them in base units.
/// </summary>
public sealed record JournalEntry(
    string JournalId, string JournalSequenceId, string Operator, long Amount, long AmountExVat, string CurrencyCode,
    decimal VatRate, string Category, double Distance, string DistanceType, long UsedTime, string State, string Comment);

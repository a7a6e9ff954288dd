using System.Collections.Immutable;
using Mobility.Routing.Matching.Carpool;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>
/// An immutable snapshot of the live offers the planner may use. Built with every offer checked by
/// <see cref="CarpoolValidation"/> (a departure window already over, fewer than 1 seat, a negative detour budget...)
/// and its price rule; refused offers are listed with their reasons and never used. Publish a new book through a
/// <see cref="Transit.SnapshotHolder{T}"/> when offers change: queries in flight keep the book they started with.
/// </summary>
public sealed class CarpoolOfferBook
{
    public const int MaxOffers = 100_000;

    public static readonly CarpoolOfferBook Empty = new([], [], DateTimeOffset.MinValue);

    private CarpoolOfferBook(ImmutableArray<CarpoolOffer> offers, ImmutableArray<RejectedOffer> rejected, DateTimeOffset builtAt)
    {
        Offers = offers;
        Rejected = rejected;
        BuiltAt = builtAt;
    }

    public ImmutableArray<CarpoolOffer> Offers { get; }

    public ImmutableArray<RejectedOffer> Rejected { get; }

    public DateTimeOffset BuiltAt { get; }

    public static CarpoolOfferBook Build(IEnumerable<CarpoolOffer> offers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(offers);
        ArgumentNullException.ThrowIfNull(time);
        var now = time.GetUtcNow();
        var kept = ImmutableArray.CreateBuilder<CarpoolOffer>();
        var rejected = ImmutableArray.CreateBuilder<RejectedOffer>();
        var ids = new HashSet<(string Operator, string Id)>();
        foreach (var offer in offers)
        {
            var reasons = CarpoolValidation.Validate(offer.Driver, now).Concat(offer.Price.Problems()).ToList();
            // Offer ids are the operator's own: two operators may use the same one.
            if (!ids.Add((offer.Driver.Operator, offer.Driver.Id.Value)))
            {
                reasons.Add("duplicate offer id for this operator");
            }

            if (kept.Count >= MaxOffers)
            {
                reasons.Add($"more than {MaxOffers} offers");
            }

            if (reasons.Count == 0)
            {
                kept.Add(offer);
            }
            else
            {
                rejected.Add(new RejectedOffer(offer.Driver.Id.Value, reasons));
            }
        }

        return new CarpoolOfferBook(kept.ToImmutable(), rejected.ToImmutable(), now);
    }
}

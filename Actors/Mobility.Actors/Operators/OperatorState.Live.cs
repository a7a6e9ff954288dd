using System.Collections.Immutable;
using Mobility.Actors.Trips;

namespace Mobility.Actors.Operators;

/// <summary>The live part of an operator: polled feed sources, carpool offers and the holds trips place on them.</summary>
public sealed partial record OperatorState
{
    public const int MaxOffers = 10_000;
    public const int MaxHolds = 100_000;

    public ImmutableList<FeedSource> Sources { get; init; } = [];

    public ImmutableList<CarpoolOffer> Offers { get; init; } = [];

    public ImmutableList<ResourceHold> Holds { get; init; } = [];

    /// <summary>Seats of an offer not held by an active hold (of a trip other than <paramref name="except"/>).</summary>
    public int SeatsFree(string offerId, TripId? except, DateTimeOffset now)
    {
        var offer = Offers.FirstOrDefault(o => o.OfferId == offerId);
        return offer is null ? 0 : offer.Seats - Holds.Where(h => h.Kind == LegKind.Carpool && h.ResourceId == offerId && h.TripId != except && h.IsActive(now)).Sum(h => h.Seats);
    }

    /// <summary>The offers a planner may use at <paramref name="now"/>: not yet past their window, with seats free.</summary>
    public IReadOnlyList<LiveOffer> LiveOffers(DateTimeOffset now) =>
        Id is null ? [] : [.. Offers.Where(o => o.DepartLatest > now).Select(o => new LiveOffer(Id, o, SeatsFree(o.OfferId, null, now))).Where(o => o.SeatsFree > 0)];

    private OperatorState ApplyLive(IOperatorEvent @event) => @event switch
    {
        OperatorEvents.FeedSourceRegistered s => this with { Sources = Sources.RemoveAll(x => x.Kind == s.Kind && x.Url == s.Url).Add(new FeedSource(s.Kind, s.Url, s.At)) },
        OperatorEvents.FeedSourceUnregistered u => this with { Sources = Sources.RemoveAll(x => x.Kind == u.Kind && x.Url == u.Url) },
        OperatorEvents.OfferPublished p => this with
        {
            // Offers whose window has closed are dropped as new ones come: the journal keeps them.
            Offers = Offers.RemoveAll(o => o.OfferId == p.Offer.OfferId || o.DepartLatest < p.At).Add(p.Offer),
        },
        OperatorEvents.OfferWithdrawn w => this with { Offers = Offers.RemoveAll(o => o.OfferId == w.OfferId) },
        OperatorEvents.HoldPlaced h => this with
        {
            Holds = Holds.RemoveAll(x => !x.IsActive(h.At) || (x.TripId == h.Hold.TripId && x.ResourceId == h.Hold.ResourceId)).Add(h.Hold),
        },
        OperatorEvents.HoldsConfirmed c => this with { Holds = [.. Holds.Select(x => x.TripId == c.TripId ? x with { Confirmed = true } : x)] },
        OperatorEvents.HoldsReleased r => this with { Holds = Holds.RemoveAll(x => x.TripId == r.TripId) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Not an operator event."),
    };

    private OperatorDecision RegisterFeedSource(OperatorCommands.RegisterFeedSource c)
    {
        if (c.Kind is not (FeedKind.Gbfs or FeedKind.GtfsRealtime))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "kind", "Only GBFS and GTFS-RT feeds are polled; GTFS Schedule is uploaded.");
        }

        if (!c.Url.IsAbsoluteUri || c.Url.Scheme is not ("http" or "https") || c.Url.OriginalString.Length > MaxSourceLength)
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "url", $"The URL must be absolute http(s), at most {MaxSourceLength} characters.");
        }

        if (Sources.Any(s => s.Kind == c.Kind && s.Url == c.Url))
        {
            return OperatorDecision.Accept();
        }

        return Sources.Count >= 16
            ? OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "url", "An operator polls at most 16 feeds.")
            : OperatorDecision.Accept(new OperatorEvents.FeedSourceRegistered(c.OperatorId, c.Kind, c.Url, c.At));
    }

    /// <summary>Only the operator's own registration can be removed (the entity is the operator's); a second delete changes nothing.</summary>
    private OperatorDecision UnregisterFeedSource(OperatorCommands.UnregisterFeedSource c) =>
        Sources.Any(s => s.Kind == c.Kind && s.Url == c.Url)
            ? OperatorDecision.Accept(new OperatorEvents.FeedSourceUnregistered(c.OperatorId, c.Kind, c.Url, c.At))
            : OperatorDecision.Accept();

    private OperatorDecision PublishOffer(OperatorCommands.PublishOffer c)
    {
        var existing = Offers.FirstOrDefault(o => o.OfferId == c.Offer?.OfferId);
        if (c.Offer is not null && existing == c.Offer)
        {
            return OperatorDecision.Accept(); // A retried publication.
        }

        if (c.Offer?.Problem(c.At) is { } problem)
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, problem.Field, problem.Reason);
        }

        if (existing is not null && c.Offer!.Seats < existing.Seats - SeatsFree(existing.OfferId, null, c.At))
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "seats", "Fewer seats than trips already hold.");
        }

        return existing is null && Offers.Count >= MaxOffers
            ? OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "offerId", $"At most {MaxOffers} live offers per operator.")
            : OperatorDecision.Accept(new OperatorEvents.OfferPublished(c.OperatorId, c.Offer!, c.At));
    }

    private OperatorDecision WithdrawOffer(OperatorCommands.WithdrawOffer c) =>
        Offers.Any(o => o.OfferId == c.OfferId) ? OperatorDecision.Accept(new OperatorEvents.OfferWithdrawn(c.OperatorId, c.OfferId, c.At)) : OperatorDecision.Accept();

    private OperatorDecision PlaceHold(OperatorCommands.PlaceHold c)
    {
        var same = Holds.FirstOrDefault(h => h.TripId == c.TripId && h.ResourceId == c.ResourceId && h.Kind == c.Kind);
        if (same is not null && same.IsActive(c.At) && same.Seats == c.Seats)
        {
            return OperatorDecision.Accept(); // A retried hold.
        }

        if (c.Until <= c.At || c.Seats is < 1 or > TripLeg.MaxSeats || string.IsNullOrEmpty(c.ResourceId) || c.ResourceId.Length > TripLeg.MaxResourceIdLength)
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "hold", "A hold needs a resource, 1-8 seats and an end after now.");
        }

        if (c.Kind == LegKind.Carpool)
        {
            var offer = Offers.FirstOrDefault(o => o.OfferId == c.ResourceId);
            if (offer is null || offer.DepartLatest <= c.At)
            {
                return OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "resourceId", $"Offer '{c.ResourceId}' is not live.");
            }

            if (SeatsFree(offer.OfferId, c.TripId, c.At) < c.Seats)
            {
                return OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "seats", $"Offer '{c.ResourceId}' has {SeatsFree(offer.OfferId, c.TripId, c.At)} seats free.");
            }
        }
        else if (c.Kind == LegKind.SharedVehicle)
        {
            if (c.Seats != 1 || Holds.Any(h => h.Kind == LegKind.SharedVehicle && h.ResourceId == c.ResourceId && h.TripId != c.TripId && h.IsActive(c.At)))
            {
                return OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "resourceId", $"Vehicle '{c.ResourceId}' is held by another trip.");
            }
        }
        else
        {
            return OperatorDecision.Reject(c.OperatorId, RejectionKind.Invalid, "kind", "Not a holdable kind.");
        }

        return Holds.Count >= MaxHolds
            ? OperatorDecision.Reject(c.OperatorId, RejectionKind.Conflict, "hold", "Too many holds.")
            : OperatorDecision.Accept(new OperatorEvents.HoldPlaced(c.OperatorId, new ResourceHold(c.TripId, c.Kind, c.ResourceId, c.Seats, c.Until, false), c.At));
    }
}

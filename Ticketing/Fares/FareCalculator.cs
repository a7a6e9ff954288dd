namespace Mobility.Ticketing.Fares;

/// <summary>
/// Prices itineraries over several feeds at once. Consecutive legs of one feed form a run priced by that feed's
/// rules (v2 when it has leg rules, else v1): transfers are between legs of one feed, as the feeds define them. The
/// runs add up when they share a currency.
/// </summary>
public sealed class FareCalculator
{
    /// <summary>Upper bound on the legs of one itinerary.</summary>
    public const int MaxLegs = 32;

    private readonly Dictionary<string, FareFeed> _feeds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FaresV2Pricing> _v2 = new(StringComparer.Ordinal);

    public FareCalculator(IEnumerable<FareFeed> feeds)
    {
        foreach (var feed in feeds)
        {
            if (!_feeds.TryAdd(feed.FeedId, feed))
            {
                throw new ArgumentException($"feed id '{feed.FeedId}' given twice", nameof(feeds));
            }

            if (feed.UsesV2)
            {
                _v2[feed.FeedId] = new FaresV2Pricing(feed);
            }
        }
    }

    public FareQuote Price(IReadOnlyList<FareLeg> legs, FareRequest request)
    {
        if (legs.Count == 0 || legs.Count > MaxLegs)
        {
            throw new ArgumentException($"an itinerary has 1 to {MaxLegs} transit legs", nameof(legs));
        }

        var fares = new LegFare[legs.Count];
        var notes = new List<string>();
        var known = true;
        for (var start = 0; start < legs.Count;)
        {
            var end = start;
            while (end + 1 < legs.Count && legs[end + 1].FeedId == legs[start].FeedId)
            {
                end++;
            }

            if (!_feeds.TryGetValue(legs[start].FeedId, out var feed) || !feed.HasFares)
            {
                notes.Add(feed is null ? $"legs {start}-{end}: no feed '{legs[start].FeedId}'" : $"legs {start}-{end}: feed '{feed.FeedId}' has no fares");
                for (var k = start; k <= end; k++)
                {
                    fares[k] = new LegFare(k, legs[k].FeedId, [], 0, null);
                }

                known = false;
            }
            else
            {
                var run = legs.Skip(start).Take(end - start + 1).ToList();
                var priced = feed.UsesV2 ? _v2[feed.FeedId].Price(run, request, notes) : FaresV1Pricing.Price(feed, run, notes);
                if (priced is null)
                {
                    known = false;
                    for (var k = start; k <= end; k++)
                    {
                        fares[k] = new LegFare(k, feed.FeedId, [], 0, null);
                    }
                }
                else
                {
                    for (var k = 0; k < priced.Count; k++)
                    {
                        fares[start + k] = priced[k] with { Leg = start + k };
                    }
                }
            }

            start = end + 1;
        }

        var currencies = fares.Select(f => f.Currency).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            notes.Add("legs are priced in several currencies: " + string.Join(", ", currencies));
            known = false;
        }

        Money? total = known && currencies.Count == 1 ? new Money(fares.Sum(f => f.Amount), currencies[0]) : null;
        return new FareQuote(total, fares, notes);
    }
}

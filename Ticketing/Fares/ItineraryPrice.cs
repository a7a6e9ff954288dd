using Mobility.Routing.Planning;

namespace Mobility.Ticketing.Fares;

/// <summary>
/// The price of a whole itinerary, one rule for <c>/plan</c> and <c>mobility route</c>: walking and own-bike legs are
/// free; every other leg needs a price, and all prices one currency. Otherwise no price, with the reason.
/// </summary>
public static class ItineraryPrice
{
    public static (Money? Total, string? Note) Total(IReadOnlyList<Leg> legs)
    {
        var paid = legs.Where(l => l.Mode is not (LegMode.Walk or LegMode.Bike)).ToList();
        if (paid.Count == 0)
        {
            return (null, "nothing to pay: walking or cycling only");
        }

        var unpriced = paid.Where(l => l.Price is null || l.Currency is null).ToList();
        if (unpriced.Count > 0)
        {
            var what = string.Join(", ", unpriced.Select(l => l.Route is { } route ? $"{l.Mode.ToString().ToLowerInvariant()} {route}" : l.Mode.ToString().ToLowerInvariant()).Distinct(StringComparer.Ordinal));
            return (null, $"no known fare for {what}");
        }

        var currencies = paid.Select(l => l.Currency!).Distinct(StringComparer.Ordinal).ToList();
        if (currencies.Count > 1)
        {
            return (null, "legs priced in several currencies: " + string.Join(", ", currencies));
        }

        var currency = currencies[0];
        return (new Money(paid.Sum(l => Money.FromMajor(l.Price!.Value, currency).Amount), currency), null);
    }
}

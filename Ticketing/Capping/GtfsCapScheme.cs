using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Capping;

/// <summary>
/// The caps a GTFS feed declares: every fare product with a duration (<see cref="ProductDuration"/>) that fare leg rules
/// name is a pass, and a pass "bought by the rides it covers" is a cap (as TfL's and OMNY's caps are the price of a
/// travelcard or a 7-day pass): taps on the networks of its leg rules are charged until they reach its amount within
/// its period. A calendar day is a travel day (<see cref="CapPeriod.Day"/>), a calendar week a fixed week from Monday
/// (<see cref="CapPeriod.Week"/>); a duration from first use, or several calendar days, is a rolling window
/// (<see cref="CapPeriod.Rolling"/>). Tiers are the feed's network ids (what the operator's validators put in the tap's
/// <c>tier</c>); a leg rule without a network covers every network of the feed. Durations in hours, months or years
/// are not caps the engine knows: they are listed in <see cref="Notes"/> and left out.
/// </summary>
public static class GtfsCapScheme
{
    public static (CapScheme Scheme, IReadOnlyList<string> Notes) From(FareFeed feed, string? riderCategory = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        var notes = new List<string>();
        var networks = feed.RouteNetwork.Values.Concat(feed.LegRules.Select(r => r.Network).OfType<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var caps = new List<CapRule>();
        string? currency = null;
        foreach (var (id, rows) in feed.Products.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            // The row of the rider category asked (else the feed's default, else one valid for every category), any medium.
            var row = rows.Where(r => r.Duration is not null)
                .OrderBy(r => r.RiderCategory == (riderCategory ?? feed.DefaultRiderCategory) ? 0 : r.RiderCategory is null ? 1 : 2)
                .ThenBy(r => r.Media is null ? 0 : 1).ThenBy(r => r.Amount).FirstOrDefault();
            if (row?.Duration is not { } d)
            {
                continue;
            }

            var rules = feed.LegRules.Where(r => r.Product == id).ToList();
            if (rules.Count == 0)
            {
                notes.Add($"product '{id}' has a duration but no fare leg rule names it: not a cap");
                continue;
            }

            CapPeriod? period = (d.Unit, d.Kind, d.Amount) switch
            {
                (DurationUnit.Day, DurationKind.Calendar, 1) => CapPeriod.Day,
                (DurationUnit.Week, DurationKind.Calendar, 1) => CapPeriod.Week,
                (DurationUnit.Day or DurationUnit.Week, _, _) => CapPeriod.Rolling,
                _ => null,
            };
            var days = d.Unit == DurationUnit.Week ? 7 * d.Amount : d.Amount;
            if (period is not { } cut)
            {
                notes.Add($"product '{id}' lasts {d.Amount} {d.Unit.ToString().ToLowerInvariant()}(s): not a cap period the engine knows");
                continue;
            }

            if (currency is not null && currency != row.Currency)
            {
                notes.Add($"product '{id}' is in {row.Currency}, the scheme in {currency}: left out");
                continue;
            }

            currency = row.Currency;
            var tiers = rules.Any(r => r.Network is null) ? networks.ToHashSet(StringComparer.Ordinal) : rules.Select(r => r.Network!).ToHashSet(StringComparer.Ordinal);
            caps.Add(new CapRule(id, cut, days, tiers, row.Amount, new Dictionary<DayOfWeek, long>(), null));
        }

        var scheme = new CapScheme($"gtfs-{feed.FeedId}", $"Caps declared by the pass products of feed {feed.FeedId}", currency ?? "EUR", feed.TimeZone,
            TimeSpan.Zero, DayOfWeek.Monday, networks, caps, [], new HashSet<DateOnly>());
        return (scheme, notes);
    }
}

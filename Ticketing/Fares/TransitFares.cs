using Mobility.Routing.Gtfs;
using Mobility.Routing.Planning;

namespace Mobility.Ticketing.Fares;

/// <summary>
/// The transit fares of the snapshot's feeds (GTFS-Fares v2 over v1, read by the ticketing module from the same zips
/// the timetable comes from) and the pricing of an itinerary's transit legs with them. Timetable ids are
/// <c>feed:local</c>; the fare tables speak local ids per feed, so each leg is priced in its own feed.
/// </summary>
public sealed class TransitFares
{
    public static readonly TransitFares None = new(null, []);

    private readonly FareCalculator? _calculator;

    private TransitFares(FareCalculator? calculator, IReadOnlyList<string> report, IReadOnlyList<(string Id, bool Default)>? categories = null)
    {
        _calculator = calculator;
        Report = report;
        RiderCategories = categories ?? [];
    }

    /// <summary>The rider categories the feeds price (GTFS-Fares v2 <c>rider_categories.txt</c>), each feed's default flagged.</summary>
    public IReadOnlyList<(string Id, bool Default)> RiderCategories { get; }

    /// <summary>One line per feed: what fares it holds, or why it has none, for the start-up report.</summary>
    public IReadOnlyList<string> Report { get; }

    /// <summary>
    /// Reads the fare tables of each feed. A feed without fares, or with fare tables the reader refuses (named with
    /// file, line and field), leaves its legs unpriced: the timetable still serves, and answers say the fare is unknown.
    /// </summary>
    public static TransitFares Load(IReadOnlyList<string> gtfsPaths) => Load(gtfsPaths.Select(p => (p, GtfsReader.DefaultFeedId(p))).ToList());

    /// <summary>As <see cref="Load(IReadOnlyList{string})"/>, each feed under the id the timetable reads it with.</summary>
    public static TransitFares Load(IReadOnlyList<(string Path, string FeedId)> gtfs)
    {
        var feeds = new List<FareFeed>();
        var report = new List<string>();
        foreach (var (path, feedId) in gtfs)
        {
            try
            {
                var feed = FareFeedReader.Read(path, feedId);
                if (feed.HasFares)
                {
                    feeds.Add(feed);
                    report.Add($"fares {feedId}: {(feed.UsesV2 ? "GTFS-Fares v2" : "GTFS-Fares v1")}");
                }
                else
                {
                    report.Add($"fares {feedId}: none in the feed (its legs are not priced)");
                }
            }
            catch (TicketingInputException e)
            {
                report.Add($"fares {feedId}: refused, legs not priced ({e.Message})");
            }
        }

        var categories = feeds.SelectMany(f => f.RiderCategories.Select(c => (Id: c, Default: c == f.DefaultRiderCategory)))
            .GroupBy(c => c.Id, StringComparer.Ordinal).Select(g => (g.Key, g.Any(c => c.Default))).OrderBy(c => c.Key, StringComparer.Ordinal).ToList();
        return feeds.Count == 0 ? new TransitFares(null, report) : new TransitFares(new FareCalculator(feeds), report, categories);
    }

    /// <summary>The itinerary with each transit leg's fare and products set, where the feeds price it; others unchanged.</summary>
    public Itinerary Apply(Itinerary itinerary) => Apply(itinerary, null);

    /// <summary>
    /// As <see cref="Apply(Itinerary)"/>, for a rider category of the feeds' <c>rider_categories.txt</c> (GTFS-Fares v2:
    /// a youth or an honoured citizen pays that category's products); null or unknown: the feed's default category.
    /// </summary>
    public Itinerary Apply(Itinerary itinerary, string? riderCategory)
    {
        if (_calculator is null)
        {
            return itinerary;
        }

        var transit = itinerary.Legs.Select((leg, index) => (leg, index)).Where(x => x.leg.Mode == LegMode.Transit).ToList();
        if (transit.Count == 0 || transit.Count > FareCalculator.MaxLegs)
        {
            return itinerary;
        }

        var fareLegs = new List<FareLeg>(transit.Count);
        foreach (var (leg, _) in transit)
        {
            if (Split(leg.RouteId) is not { } route || Split(leg.From.StopId) is not { } from || Split(leg.To.StopId) is not { } to
                || route.Feed != from.Feed || from.Feed != to.Feed)
            {
                return itinerary;
            }

            fareLegs.Add(new FareLeg(route.Feed, route.Local, from.Local, to.Local, leg.Departure, leg.Arrival));
        }

        FareQuote quote;
        try
        {
            quote = _calculator.Price(fareLegs, new FareRequest(riderCategory));
        }
        catch (ArgumentException)
        {
            return itinerary;
        }

        var legs = itinerary.Legs.ToArray();
        foreach (var fare in quote.Legs)
        {
            if (fare.Currency is null || fare.Leg < 0 || fare.Leg >= transit.Count)
            {
                continue;
            }

            var index = transit[fare.Leg].index;
            legs[index] = legs[index] with
            {
                Price = new Money(fare.Amount, fare.Currency).Major,
                Currency = fare.Currency,
                FareProducts = [.. fare.Products.Select(p => string.IsNullOrEmpty(p.Name) ? p.ProductId : p.Name)],
            };
        }

        return new Itinerary(legs);
    }

    private static (string Feed, string Local)? Split(string? id)
    {
        var colon = id?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && colon < id!.Length - 1 ? (id[..colon], id[(colon + 1)..]) : null;
    }
}

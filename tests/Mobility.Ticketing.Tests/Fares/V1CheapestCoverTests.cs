using FsCheck.Xunit;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Tests.Fares;

/// <summary>The v1 dynamic programme against the obvious reference: every way to cut the rides into consecutive groups.</summary>
public sealed class V1CheapestCoverTests
{
    private static readonly Lazy<FareFeed> Caltrain = new(() => FareFeedReader.Read(SharedData.Path("fares", "caltrain-fares-v1.gtfs.zip"), "caltrain"));
    private static readonly Lazy<FareFeed> Bart = new(() => FareFeedReader.Read(SharedData.Path("fares", "bart-fares-v1.gtfs.zip"), "bart"));

    private static long? BruteForce(FareFeed feed, IReadOnlyList<FareLeg> legs)
    {
        long? best = null;
        for (var cuts = 0; cuts < 1 << (legs.Count - 1); cuts++)
        {
            long total = 0;
            var ok = true;
            var first = 0;
            for (var k = 0; k < legs.Count && ok; k++)
            {
                if (k == legs.Count - 1 || (cuts & (1 << k)) != 0)
                {
                    var cheapest = feed.Attributes.Where(f => FaresV1Pricing.Covers(feed, f, legs, first, k)).Select(f => (long?)f.Price).Min();
                    ok = cheapest is not null;
                    total += cheapest ?? 0;
                    first = k + 1;
                }
            }

            if (ok && (best is null || total < best))
            {
                best = total;
            }
        }

        return best;
    }

    [Property(MaxTest = 150)]
    public void The_cheapest_cover_equals_the_best_cut_into_groups(int seed, byte size, bool bart)
    {
        var feed = bart ? Bart.Value : Caltrain.Value;
        var rng = new Random(seed);
        var stops = feed.StopZone.Keys.Order(StringComparer.Ordinal).ToArray();
        var routes = feed.RulesV1.Values.SelectMany(r => r).Select(r => r.Route).Distinct().ToArray();
        var at = new DateTimeOffset(2025, 6, 10, 7, 0, 0, TimeSpan.FromHours(-7));
        var legs = new List<FareLeg>();
        var from = stops[rng.Next(stops.Length)];
        for (var i = 0; i < 1 + (size % 5); i++)
        {
            var to = stops[rng.Next(stops.Length)];
            legs.Add(new FareLeg(feed.FeedId, routes[rng.Next(routes.Length)] ?? "01", from, to, at, at.AddMinutes(20)));
            at = at.AddMinutes(rng.Next(30, 200));
            from = rng.Next(3) == 0 ? stops[rng.Next(stops.Length)] : to;
        }

        Assert.Equal(BruteForce(feed, legs), new FareCalculator([feed]).Price(legs, new FareRequest()).Total?.Amount);
    }
}

using FsCheck.Xunit;
using Mobility.Tests.Shared;
using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Tests.Fares;

/// <summary>
/// The v2 dynamic programme against the obvious reference: every choice of leg product, and at each transfer every
/// applicable transfer rule (a transfer that applies is always taken), costed by the reference's type 0/1/2 table.
/// </summary>
public sealed class V2SearchTests
{
    private static readonly Lazy<FareFeed> CTran = new(() => FareFeedReader.Read(SharedData.Path("fares", "ctran-fares-v2"), "ctran"));

    private static long? BruteForce(FaresV2Pricing pricing, List<FaresV2Pricing.EffectiveLeg> legs, string? category)
    {
        var candidates = legs.Select(l => pricing.Candidates(l, category, null)).ToList();
        if (candidates.Any(c => c.Count == 0))
        {
            return null;
        }

        long? best = null;
        void Walk(int e, FaresV2Pricing.Candidate? prev, int chainStart, int transfers, long cost)
        {
            if (e == legs.Count)
            {
                best = best is null ? cost : Math.Min(best.Value, cost);
                return;
            }

            foreach (var c in candidates[e])
            {
                var applied = false;
                if (prev is not null)
                {
                    foreach (var rule in pricing.TransferRules(prev.Group, c.Group, transfers + 1))
                    {
                        if (!FaresV2Pricing.WithinDuration(rule, legs[chainStart], legs[e]))
                        {
                            continue;
                        }

                        var product = rule.Product is null ? null : pricing.Cheapest(rule.Product, category, null);
                        if (rule.Product is not null && product is null)
                        {
                            continue;
                        }

                        applied = true;
                        var ab = product?.Amount ?? 0;
                        var add = rule.FareTransferType switch
                        {
                            0 => ab,
                            1 => ab + c.Product.Amount,
                            _ => transfers == 0 ? ab - prev.Product.Amount : ab,
                        };
                        Walk(e + 1, c, chainStart, transfers + 1, cost + add);
                    }
                }

                if (!applied)
                {
                    Walk(e + 1, c, e, 0, cost + c.Product.Amount);
                }
            }
        }

        Walk(0, null, 0, 0, 0);
        return best;
    }

    [Property(MaxTest = 200)]
    public void The_cheapest_payment_equals_the_best_of_every_path(int seed, byte size, byte rider)
    {
        var feed = CTran.Value;
        var pricing = new FaresV2Pricing(feed);
        var rng = new Random(seed);
        string[] routes = ["002", "105", "060", "050", "164", "065"];
        string?[] riders = ["ADULT", "HONORED_CITIZEN", "YOUTH", null];
        var category = riders[rider % riders.Length];
        // Weekdays in September 2025, New Year's Eve and New Year's Day, at times that cross the timeframes.
        DateTimeOffset[] days = [new(2025, 9, 16, 0, 0, 0, TimeSpan.FromHours(-7)), new(2025, 12, 31, 0, 0, 0, TimeSpan.FromHours(-8)), new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-8))];
        var at = days[rng.Next(days.Length)].AddMinutes(rng.Next(24 * 60));
        var legs = new List<FareLeg>();
        for (var i = 0; i < 1 + (size % 4); i++)
        {
            legs.Add(new FareLeg("ctran", routes[rng.Next(routes.Length)], "8126", "8111", at, at.AddMinutes(rng.Next(5, 60))));
            at = at.AddMinutes(rng.Next(10, 120));
        }

        var expected = BruteForce(pricing, pricing.Join(legs), category ?? feed.DefaultRiderCategory);
        var quote = new FareCalculator([feed]).Price(legs, new FareRequest(category));
        Assert.Equal(expected, quote.Total?.Amount);
        if (quote.Total is { } total)
        {
            Assert.Equal(total.Amount, quote.Legs.Sum(l => l.Amount));
        }
    }
}

using System.Globalization;
using Mobility.Ticketing.Capping;
using Mobility.Ticketing.Fares;
using Mobility.Ticketing.Tests.Fares;

namespace Mobility.Ticketing.Tests.Capping;

/// <summary>Caps declared by a feed's pass products (fare_products duration columns), charged amount for amount.</summary>
public sealed class GtfsCapSchemeTests
{
    // Singles 2.00 (N1) and 3.00 (N2); a day pass 5.00 over both networks; a 7-day pass from first use 20.00 over N1 only.
    private static SyntheticFeed Feed() => new(
        ("fare_products.txt", "fare_product_id,amount,currency,duration_amount,duration_unit,duration_type\nP1,2.00,EUR,,,\nP2,3.00,EUR,,,\nDAY,5.00,EUR,1,3,2\nWEEK7,20.00,EUR,7,3,1\nHOUR,1.00,EUR,2,2,1\n"),
        ("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id\nG1,N1,P1\nG2,N2,P2\nG1,N1,DAY\nG2,N2,DAY\nG1,N1,WEEK7\nG1,N1,HOUR\n"));

    private static long[] Charge(CapScheme scheme, params (string Time, long Fare, string Tier)[] taps) =>
        new CappingEngine(scheme).Charge([.. taps.Select((t, i) => new Tap($"t{i + 1:00}", DateTimeOffset.Parse(t.Time, CultureInfo.InvariantCulture), "card-1", t.Fare, t.Tier))]);

    [Fact]
    public void A_day_pass_and_a_seven_day_pass_become_a_day_cap_and_a_rolling_cap_over_their_networks()
    {
        using var feed = Feed();
        var (scheme, notes) = GtfsCapScheme.From(FareFeedReader.Read(feed.Folder, "f"));
        Assert.Equal(["N1", "N2", "N3"], scheme.Tiers);
        var day = Assert.Single(scheme.Caps, c => c.Id == "DAY");
        Assert.Equal((CapPeriod.Day, 500L), (day.Period, day.Amount));
        Assert.Equal(["N1", "N2"], day.Tiers.Order(StringComparer.Ordinal));
        var week = Assert.Single(scheme.Caps, c => c.Id == "WEEK7");
        Assert.Equal((CapPeriod.Rolling, 7, 2000L), (week.Period, week.Days, week.Amount));
        Assert.Equal(["N1"], week.Tiers);
        Assert.Contains(notes, n => n.Contains("'HOUR'", StringComparison.Ordinal));
        Assert.Equal("EUR", scheme.Currency);

        // Monday: 2.00 + 3.00 reaches the 5.00 day pass; a third ride is free.
        Assert.Equal([200, 300, 0], Charge(scheme, ("2026-03-02T08:00:00Z", 200, "N1"), ("2026-03-02T12:00:00Z", 300, "N2"), ("2026-03-02T18:00:00Z", 200, "N1")));

        // Five days of 2.00 + 2.00 + 2.00 on N1: 5.00 a day (the day cap), then the 7-day cap stops at 20.00 on the 4th day.
        var taps = new List<(string, long, string)>();
        for (var d = 2; d <= 6; d++)
        {
            foreach (var h in new[] { 8, 12, 18 })
            {
                taps.Add(($"2026-03-{d:00}T{h:00}:00:00Z", 200, "N1"));
            }
        }

        var charges = Charge(scheme, [.. taps]);
        Assert.Equal([500, 500, 500, 500, 0], Enumerable.Range(0, 5).Select(d => charges.Skip(3 * d).Take(3).Sum()));
        Assert.Equal(2000, charges.Sum());
    }

    [Fact]
    public void The_command_line_reads_the_caps_of_a_feed_and_a_feed_without_one_is_refused()
    {
        using var feed = Feed();
        Assert.Equal("gtfs-gtfs", CapSchemes.Load("gtfs:" + feed.Folder).Id);
        using var plain = new SyntheticFeed();
        var e = Assert.Throws<TicketingInputException>(() => CapSchemes.Load("gtfs:" + plain.Folder));
        Assert.Contains("declares no cap", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("P1,2.00,EUR,1,,", "duration_unit", "needs both")]
    [InlineData("P1,2.00,EUR,,3,", "duration_amount", "needs both")]
    [InlineData("P1,2.00,EUR,0,3,1", "duration_amount", "from 1 to 3660")]
    [InlineData("P1,2.00,EUR,1,9,1", "duration_unit", "from 0 to 6")]
    [InlineData("P1,2.00,EUR,1,3,3", "duration_type", "from 1 to 2")]
    public void A_malformed_duration_is_refused_with_file_line_and_field(string row, string field, string problem)
    {
        using var feed = new SyntheticFeed(("fare_products.txt", "fare_product_id,amount,currency,duration_amount,duration_unit,duration_type\n" + row + "\nP2,3.00,EUR,,,\n"));
        var e = Assert.Throws<TicketingInputException>(() => FareFeedReader.Read(feed.Folder, "f"));
        Assert.Equal(("fare_products.txt", 2, field), (e.InputName, e.Line, e.Field));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_shows_what_is_spent_and_left_in_the_period_that_holds_now_and_nothing_for_a_lapsed_one()
    {
        using var feed = Feed();
        var (scheme, _) = GtfsCapScheme.From(FareFeedReader.Read(feed.Folder, "f"));
        var engine = new CappingEngine(scheme);
        Tap T(string id, string time, long fare, string tier) => new(id, DateTimeOffset.Parse(time, CultureInfo.InvariantCulture), "card-1", fare, tier);
        var taps = new[] { T("a", "2026-03-02T08:00:00Z", 200, "N1"), T("b", "2026-03-02T12:00:00Z", 200, "N1"), T("c", "2026-03-03T08:00:00Z", 300, "N2") };

        // Monday 13:00: 4.00 of the 5.00 day pass, 4.00 of the 7-day pass opened at 08:00; Tuesday's tap is not yet made.
        var monday = engine.Progress(taps, DateTimeOffset.Parse("2026-03-02T13:00:00Z", CultureInfo.InvariantCulture)).ToDictionary(p => p.CapId);
        Assert.Equal((400L, 100L, new DateTime(2026, 3, 3)), (monday["DAY"].Spent, monday["DAY"].Remaining, monday["DAY"].Ends!.Value));
        Assert.Equal((400L, 1600L, new DateTime(2026, 3, 9, 8, 0, 0)), (monday["WEEK7"].Spent, monday["WEEK7"].Remaining, monday["WEEK7"].Ends!.Value));

        // Tuesday: a new day (3.00 on N2 only), the same 7-day window (N2 is not in it).
        var tuesday = engine.Progress(taps, DateTimeOffset.Parse("2026-03-03T20:00:00Z", CultureInfo.InvariantCulture)).ToDictionary(p => p.CapId);
        Assert.Equal(300, tuesday["DAY"].Spent);
        Assert.Equal(400, tuesday["WEEK7"].Spent);

        // Two weeks on: every period lapsed, nothing spent, the rolling window not opened.
        var later = engine.Progress(taps, DateTimeOffset.Parse("2026-03-20T10:00:00Z", CultureInfo.InvariantCulture)).ToDictionary(p => p.CapId);
        Assert.All(later.Values, p => Assert.Equal(0, p.Spent));
        Assert.Null(later["WEEK7"].Ends);
        Assert.Equal(engine.Charge(taps).Take(2).Sum(), monday["DAY"].Spent);
    }
}

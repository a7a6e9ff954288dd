using Mobility.Ticketing.Fares;
using static Mobility.Ticketing.Tests.Fares.FixtureFareTests;

namespace Mobility.Ticketing.Tests.Fares;

/// <summary>GTFS-Fares v2 and v1 rules on small synthetic feeds, one rule at a time, amounts by hand.</summary>
public sealed class FareRuleTests
{
    private static long? Total(SyntheticFeed feed, params FareLeg[] legs) =>
        new FareCalculator([FareFeedReader.Read(feed.Folder, "f")]).Price(legs, new FareRequest()).Total?.Amount;

    private static FareLeg R(string route, string at, int minutes = 30, string from = "s1", string to = "s2") =>
        Leg("f", route, from, to, $"2026-03-02T{at}:00Z", minutes);

    private const string TransferHeader = "from_leg_group_id,to_leg_group_id,fare_product_id,transfer_count,duration_limit,duration_limit_type,fare_transfer_type\n";

    [Theory]
    [InlineData(0, 250)] // A + AB = 2.00 + 0.50
    [InlineData(1, 550)] // A + AB + B = 2.00 + 0.50 + 3.00
    [InlineData(2, 50)] // AB = 0.50
    public void The_three_fare_transfer_types(int type, long expected)
    {
        using var feed = new SyntheticFeed(("fare_transfer_rules.txt", TransferHeader + $"G1,G2,T,,,,{type}\n"));
        Assert.Equal(expected, Total(feed, R("r1", "08:00"), R("r2", "08:40")));
    }

    [Fact]
    public void Type_2_replaces_the_first_leg_only_then_adds_each_transfer()
    {
        // A > B with type 2 (AB = 4.00), then B > C with type 0 (BC = 0.50): S + BC = 4.00 + 0.50.
        using var feed = new SyntheticFeed(("fare_transfer_rules.txt", TransferHeader + "G1,G2,AB,,,,2\nG2,G1,T,,,,0\n"));
        Assert.Equal(450, Total(feed, R("r1", "08:00"), R("r2", "08:40"), R("r1", "09:20")));
    }

    [Fact]
    public void Transfer_count_limits_consecutive_transfers()
    {
        using var one = new SyntheticFeed(("fare_transfer_rules.txt", TransferHeader + "G1,G1,,1,,,0\n"));
        Assert.Equal(400, Total(one, R("r1", "08:00"), R("r1", "08:40"), R("r1", "09:20"))); // 2.00 + 0 + a new 2.00
        using var unlimited = new SyntheticFeed(("fare_transfer_rules.txt", TransferHeader + "G1,G1,,-1,,,0\n"));
        Assert.Equal(200, Total(unlimited, R("r1", "08:00"), R("r1", "08:40"), R("r1", "09:20")));
    }

    [Theory]
    [InlineData(0, 400)] // departure 08:00 to arrival 09:10: 70 min > 60
    [InlineData(1, 200)] // departure to departure: 40 min
    [InlineData(2, 200)] // arrival 08:30 to departure 08:40: 10 min
    [InlineData(3, 200)] // arrival to arrival: 40 min
    public void Duration_limit_types_measure_from_and_to_the_right_events(int type, long expected)
    {
        using var feed = new SyntheticFeed(("fare_transfer_rules.txt", TransferHeader + $"G1,G1,,-1,3600,{type},0\n"));
        Assert.Equal(expected, Total(feed, R("r1", "08:00"), R("r1", "08:40")));
    }

    [Fact]
    public void Without_rule_priority_an_empty_network_matches_only_networks_listed_nowhere()
    {
        using var feed = new SyntheticFeed(("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id\nG1,N1,P1\nG0,,P3\n"));
        Assert.Equal(200, Total(feed, R("r1", "08:00"))); // N1 is listed: only its own rule
        Assert.Equal(150, Total(feed, R("r3", "08:00"))); // N3 is not: the empty rule
    }

    [Fact]
    public void With_rule_priority_an_empty_network_matches_every_network_and_the_highest_priority_wins()
    {
        using var feed = new SyntheticFeed(("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id,rule_priority\nG1,N1,P1,0\nG0,,P3,1\n"));
        Assert.Equal(150, Total(feed, R("r1", "08:00")));
        using var lower = new SyntheticFeed(("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id,rule_priority\nG1,N1,P1,2\nG0,,P3,1\n"));
        Assert.Equal(200, Total(lower, R("r1", "08:00")));
    }

    [Fact]
    public void Areas_match_by_stop_areas()
    {
        using var feed = new SyntheticFeed(
            ("areas.txt", "area_id\nA1\nA2\n"),
            ("stop_areas.txt", "area_id,stop_id\nA1,s1\nA2,s2\nA2,s3\n"),
            ("fare_leg_rules.txt", "leg_group_id,network_id,from_area_id,to_area_id,fare_product_id\nG,N1,A1,A2,P2\nG,N1,A2,A2,P3\n"));
        Assert.Equal(300, Total(feed, R("r1", "08:00", from: "s1", to: "s3")));
        Assert.Equal(150, Total(feed, R("r1", "08:00", from: "s2", to: "s3")));
        Assert.Null(Total(feed, R("r1", "08:00", from: "s2", to: "s1")));
    }

    [Fact]
    public void Join_rules_make_two_legs_one_effective_leg()
    {
        using var apart = new SyntheticFeed();
        Assert.Equal(400, Total(apart, R("r1", "08:00", from: "s1", to: "s2"), R("r1", "08:40", from: "s2", to: "s3")));
        using var joined = new SyntheticFeed(("fare_leg_join_rules.txt", "from_network_id,to_network_id\nN1,N1\n"));
        Assert.Equal(200, Total(joined, R("r1", "08:00", from: "s1", to: "s2"), R("r1", "08:40", from: "s2", to: "s3")));
        // Not at the same stop and no stops named: no join.
        Assert.Equal(400, Total(joined, R("r1", "08:00", from: "s1", to: "s2"), R("r1", "08:40", from: "s3", to: "s1")));
    }

    [Fact]
    public void Version_2_takes_precedence_over_version_1_in_one_feed()
    {
        using var feed = new SyntheticFeed(
            ("fare_attributes.txt", "fare_id,price,currency_type,payment_method,transfers\nV1,9.99,EUR,0,\n"));
        Assert.Equal(200, Total(feed, R("r1", "08:00")));
        File.Delete(Path.Combine(feed.Folder, "fare_leg_rules.txt"));
        Assert.Equal(999, Total(feed, R("r1", "08:00")));
    }

    [Fact]
    public void Version_1_contains_rules_need_exactly_the_zones_crossed()
    {
        using var feed = new SyntheticFeed(
            ("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id\n"),
            ("fare_attributes.txt", "fare_id,price,currency_type,payment_method,transfers\nC12,1.00,EUR,0,\nC123,2.00,EUR,0,\n"),
            ("fare_rules.txt", "fare_id,contains_id\nC12,z1\nC12,z2\nC123,z1\nC123,z2\nC123,z3\n"));
        var direct = R("r1", "08:00", from: "s1", to: "s2");
        Assert.Equal(100, Total(feed, direct));
        Assert.Equal(200, Total(feed, direct with { StopsPassed = ["s3"] }));
    }

    [Fact]
    public void Timeframes_read_the_event_on_its_stops_time_zone()
    {
        // Agency on UTC, stop s2 in Paris (+01:00 in March): a leg departing s2 at 07:30 UTC is 08:30 in Paris, in PEAK.
        using var feed = new SyntheticFeed(
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon,stop_timezone\ns1,S1,0,0,\ns2,S2,0,0,Europe/Paris\n"),
            ("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\n"),
            ("timeframes.txt", "timeframe_group_id,start_time,end_time,service_id\nPEAK,08:00:00,09:00:00,WK\n"),
            ("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id,from_timeframe_group_id\nG,N1,P2,PEAK\nG,N1,P1,\n"));
        Assert.Equal(200, Total(feed, R("r1", "07:30", from: "s1", to: "s2"))); // 07:30 at s1 (UTC): not PEAK, the cheaper all-day rule
        var peakOnly = new SyntheticFeed(
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon,stop_timezone\ns1,S1,0,0,\ns2,S2,0,0,Europe/Paris\n"),
            ("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWK,1,1,1,1,1,0,0,20260101,20261231\n"),
            ("timeframes.txt", "timeframe_group_id,start_time,end_time,service_id\nPEAK,08:00:00,09:00:00,WK\n"),
            ("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id,from_timeframe_group_id\nG,N1,P2,PEAK\n"));
        using (peakOnly)
        {
            Assert.Equal(300, Total(peakOnly, R("r1", "07:30", from: "s2", to: "s1"))); // 08:30 in Paris
            Assert.Null(Total(peakOnly, R("r1", "07:30", from: "s1", to: "s2"))); // 07:30 on the agency's UTC clock
        }
    }

    [Theory]
    [InlineData("fare_products.txt", "fare_product_id,amount,currency\nP1,2.00,EUR\nP2,3.001,EUR\n", "fare_products.txt:3 [amount]")]
    [InlineData("fare_products.txt", "fare_product_id,amount,currency\nP1,2.00,euro\n", "fare_products.txt:2 [currency]")]
    [InlineData("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id\nG1,N1,P9\n", "fare_leg_rules.txt:2 [fare_product_id]")]
    [InlineData("fare_transfer_rules.txt", TransferHeader + "G1,G9,,,,,0\n", "fare_transfer_rules.txt:2 [to_leg_group_id]")]
    [InlineData("fare_transfer_rules.txt", TransferHeader + "G1,G1,,0,,,0\n", "fare_transfer_rules.txt:2 [transfer_count]")]
    [InlineData("fare_transfer_rules.txt", TransferHeader + "G1,G2,,,600,,0\n", "fare_transfer_rules.txt:2 [duration_limit_type]")]
    [InlineData("fare_transfer_rules.txt", TransferHeader + "G1,G2,,,,,3\n", "fare_transfer_rules.txt:2 [fare_transfer_type]")]
    [InlineData("fare_leg_rules.txt", "leg_group_id,network_id,fare_product_id,from_timeframe_group_id\nG1,N1,P1,PEAK\n", "fare_leg_rules.txt:2 [from_timeframe_group_id]")]
    [InlineData("timeframes.txt", "timeframe_group_id,start_time,end_time,service_id\nPEAK,07:00:00,25:00:00,S\n", "timeframes.txt:2 [end_time]")]
    [InlineData("fare_rules.txt", "fare_id,route_id\nNOPE,r1\n", "fare_rules.txt:2 [fare_id]")]
    [InlineData("fare_products.txt", "fare_product_id,amount,currency\n\"P1,2.00,EUR\n", "fare_products.txt:2")]
    public void A_malformed_table_refuses_the_feed_with_file_line_and_field(string file, string text, string where)
    {
        using var feed = new SyntheticFeed((file, text));
        var ex = Assert.Throws<TicketingInputException>(() => FareFeedReader.Read(feed.Folder, "f"));
        Assert.StartsWith(where, ex.Message, StringComparison.Ordinal);
    }
}

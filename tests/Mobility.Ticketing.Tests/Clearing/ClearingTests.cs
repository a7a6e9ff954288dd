using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using FsCheck.Xunit;
using Mobility.Ticketing.Clearing;
using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Tests.Clearing;

public sealed class ClearingTests
{
    private static ClearingTicket Ticket(long revenue, params (string Op, string Mode, long Fare, long Meters)[] legs) =>
        new("t1", DateTimeOffset.UnixEpoch, new Money(revenue, "EUR"), [.. legs.Select(l => new ClearingLeg(l.Op, l.Mode, l.Fare, l.Meters, 600))]);

    [Fact]
    public void Largest_remainder_gives_the_leftover_units_to_the_largest_remainders_ties_to_the_first()
    {
        Assert.Equal([34, 33, 33], LargestRemainder.Split(100, [1, 1, 1]));
        Assert.Equal([5, 5], LargestRemainder.Split(10, [0, 0]));
        Assert.Equal([-34, -33, -33], LargestRemainder.Split(-100, [1, 1, 1]));
        Assert.Equal([0, 7], LargestRemainder.Split(7, [0, 3]));
    }

    [Property(MaxTest = 500)]
    public void Shares_sum_to_the_revenue_to_the_cent_and_each_is_within_one_cent_of_its_exact_quota(long total, uint[] raw)
    {
        var weights = (raw ?? []).Take(12).Select(w => new BigInteger(w % 5_000_000)).ToList();
        if (weights.Count == 0)
        {
            weights.Add(BigInteger.One);
        }

        total %= 10_000_000_000L;
        var shares = LargestRemainder.Split(total, weights);
        Assert.Equal(total, shares.Sum());
        var sum = weights.Aggregate(BigInteger.Zero, (a, w) => a + w);
        var effective = sum.IsZero ? weights.Select(_ => BigInteger.One).ToList() : weights;
        var denominator = sum.IsZero ? weights.Count : sum;
        for (var i = 0; i < shares.Length; i++)
        {
            // |share * W - total * w| < W: within one unit of the exact quota.
            Assert.True(BigInteger.Abs((new BigInteger(shares[i]) * denominator) - (total * effective[i])) < denominator, $"share {i}");
        }
    }

    [Property(MaxTest = 300)]
    public void Every_policy_splits_every_ticket_exactly(long revenue, byte legCount, int seed)
    {
        var rng = new Random(seed);
        var legs = Enumerable.Range(0, 1 + (legCount % 8))
            .Select(i => ($"op{rng.Next(4)}", "bus", (long)rng.Next(0, 1000), (long)rng.Next(0, 50_000))).ToArray();
        var ticket = Ticket(revenue % 1_000_000, legs);
        foreach (var name in new[] { "standalone-fare-1.0.0", "passenger-km-1.0.0", "fixed-plus-distance-1.0.0" })
        {
            var shares = Apportionment.Shares(ApportionmentPolicy.Shipped(name), ticket);
            Assert.Equal(ticket.Revenue.Amount, shares.Sum());
            Assert.All(shares, s => Assert.True(Math.Sign(s) * Math.Sign(ticket.Revenue.Amount) >= 0));
        }
    }

    [Fact]
    public void Stand_alone_fare_ratio_by_hand()
    {
        // 410 x (190, 160, 250) / 600 = 129.83, 109.33, 170.83: floors 408, the two .83 get a cent each.
        var shares = Apportionment.Shares(ApportionmentPolicy.Shipped("standalone-fare-1.0.0"),
            Ticket(410, ("tram", "tram", 190, 2000), ("bus", "bus", 160, 3000), ("rail", "rail", 250, 5000)));
        Assert.Equal([130, 109, 171], shares);
    }

    [Fact]
    public void Passenger_km_and_fixed_plus_distance_by_hand()
    {
        Assert.Equal([300, 700], Apportionment.Shares(ApportionmentPolicy.Shipped("passenger-km-1.0.0"), Ticket(1000, ("a", "rail", 0, 3000), ("b", "carpool", 0, 7000))));
        // Fix 50 each; 260 left by weights 8, 9.5, 12.5 (half distance share, half equal): 69.33, 82.33, 108.33 -> first gets the cent.
        Assert.Equal([120, 132, 158], Apportionment.Shares(ApportionmentPolicy.Shipped("fixed-plus-distance-1.0.0"),
            Ticket(410, ("tram", "tram", 0, 2000), ("bus", "bus", 0, 3000), ("rail", "rail", 0, 5000))));
        // Revenue below n fixed parts: each gets R / n, the rest by the weights.
        Assert.Equal(100, Apportionment.Shares(ApportionmentPolicy.Shipped("fixed-plus-distance-1.0.0"),
            Ticket(100, ("a", "bus", 0, 0), ("b", "bus", 0, 0), ("c", "bus", 0, 0))).Sum());
    }

    [Fact]
    public void A_refund_reverses_the_sales_split_and_is_a_REFUND_entry()
    {
        var policy = ApportionmentPolicy.Shipped("standalone-fare-1.0.0");
        var sale = Ticket(410, ("tram", "tram", 190, 2000), ("bus", "bus", 160, 3000), ("rail", "rail", 250, 5000));
        var refund = sale with { Revenue = new Money(-410, "EUR") };
        Assert.Equal(Apportionment.Shares(policy, sale).Select(s => -s), Apportionment.Shares(policy, refund));
        Assert.All(Apportionment.Entries(policy, refund), e => Assert.Equal("REFUND", e.Category));
        var statement = ClearingStatement.Clear(policy, "2026-12", [sale, refund]);
        Assert.All(statement.Operators, o => Assert.Equal(0, o.Amount));
    }

    [Fact]
    public void A_ticket_a_campaign_pays_is_listed_among_the_payers_and_a_statement_travelers_alone_paid_has_none()
    {
        var policy = ApportionmentPolicy.Shipped("standalone-fare-1.0.0");
        var sold = Ticket(410, ("tram", "tram", 190, 2000), ("bus", "bus", 160, 3000));
        var granted = Ticket(199, ("tram", "tram", 199, 2000)) with { TicketId = "campaign:ride-on/bGVhZi1oYXNo+/=" };
        Assert.Equal(("travelers", "campaign:ride-on"), (sold.Payer, granted.Payer));
        Assert.Equal("travelers", (sold with { TicketId = "campaign:no-slash" }).Payer);

        var both = ClearingStatement.Clear(policy, "2026-12", [sold, granted]);
        Assert.Equal([("travelers", 1L, 410L), ("campaign:ride-on", 1L, 199L)], both.Payers!.Select(p => (p.Payer, p.Tickets, p.Amount)));
        Assert.Equal(both.Revenue, both.Payers!.Sum(p => p.Amount));
        Assert.Contains("\"payers\"", both.ToJson(), StringComparison.Ordinal);

        // Travelers alone: the JSON (and its hash) is the one statements had before payers were listed.
        var alone = ClearingStatement.Clear(policy, "2026-12", [sold]);
        Assert.DoesNotContain("payers", alone.ToJson(), StringComparison.Ordinal);
        Assert.Equal(alone.Sha256, (alone with { Payers = null }).Sha256);
    }

    [Fact]
    public void A_statement_names_the_policy_hash_and_its_lines_sum_to_the_revenue()
    {
        var policy = ApportionmentPolicy.Shipped("passenger-km-1.0.0");
        var entries = new List<JournalEntry>();
        var tickets = Enumerable.Range(0, 50).Select(i => Ticket(100 + i, ("tram", "tram", 100, 1000 + i), ("bus", "bus", 100, 2000))).ToList();
        var statement = ClearingStatement.Clear(policy, "2026-12", tickets, entries.Add);
        Assert.Equal(tickets.Sum(t => t.Revenue.Amount), statement.Operators.Sum(o => o.Amount));
        Assert.Equal(100, entries.Count);
        Assert.Contains(policy.Sha256, statement.ToJson(), StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Contains("sha256:" + policy.Sha256, e.Comment, StringComparison.Ordinal));
        var tomp = ClearingStatement.Tomp(entries[0]);
        Assert.Equal("FARE", (string)tomp["category"]!);
        Assert.Equal("TO_INVOICE", (string)tomp["state"]!);
        Assert.Equal(0.33m, (decimal)tomp["amount"]!); // 100 x 1000 / 3000 = 33.3; the bus leg's 66.7 has the larger remainder
        Assert.Equal(67, entries[1].Amount);
        Assert.Equal(30, entries[0].AmountExVat); // 33 / 1.10
    }

    [Fact]
    public void The_policy_hash_is_the_SHA_256_of_the_published_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes("""{ "id": "p", "version": "1.0.0", "method": "passenger-km" }""");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), ApportionmentPolicy.Parse(bytes, "p.json").Sha256);
        var changed = Encoding.UTF8.GetBytes("""{ "id": "p", "version": "1.0.1", "method": "passenger-km" }""");
        Assert.NotEqual(ApportionmentPolicy.Parse(bytes, "p.json").Sha256, ApportionmentPolicy.Parse(changed, "p.json").Sha256);
    }

    [Theory]
    [InlineData("""{ "id": "p", "version": "1.0", "method": "passenger-km" }""", "$.version")]
    [InlineData("""{ "id": "p", "version": "1.0.0", "method": "seat-km" }""", "$.method")]
    [InlineData("""{ "id": "p", "version": "1.0.0", "method": "passenger-km", "distancePermille": 1001 }""", "$.distancePermille")]
    [InlineData("""{ "id": "p", "version": "1.0.0", "method": "passenger-km", "modeWeights": { "bus": -1 } }""", "$.modeWeights.bus")]
    [InlineData("""{ "id": "p", "version": "1.0.0", "method": "passenger-km", "weights": {} }""", "$.weights")]
    public void A_bad_policy_is_refused_with_its_JSON_path(string json, string path) =>
        Assert.Equal(path, Assert.Throws<TicketingInputException>(() => ApportionmentPolicy.Parse(Encoding.UTF8.GetBytes(json), "p.json")).Field);
}

public sealed class ClearingCsvTests
{
    private const string Header = "ticket_id,revenue,currency,operator,mode,standalone_fare,distance_m,used_s\n";

    [Fact]
    public void Rows_of_a_ticket_become_its_legs()
    {
        var tickets = ClearingCsv.Read(new StringReader(Header + "t1,410,EUR,a,tram,190,2000,600\nt1,410,EUR,b,bus,160,3000,900\nt2,-5,EUR,a,tram,1,1,1\n"), "t.csv");
        Assert.Equal(2, tickets.Count);
        Assert.Equal(2, tickets[0].Legs.Count);
        Assert.Equal(-5, tickets[1].Revenue.Amount);
    }

    [Theory]
    [InlineData("t1,410,EUR,a,tram,190,2000,600\nt1,411,EUR,b,bus,160,3000,900\n", 3, "revenue")]
    [InlineData("t1,410,EUR,a,tram,190,2000,600\nt2,1,EUR,b,bus,1,1,1\nt1,410,EUR,c,bus,1,1,1\n", 4, "ticket_id")]
    [InlineData("t1,410,EUR,a,tram,-190,2000,600\n", 2, "standalone_fare")]
    [InlineData("t1,410,eur,a,tram,190,2000,600\n", 2, "currency")]
    [InlineData("t1,4.10,EUR,a,tram,190,2000,600\n", 2, "revenue")]
    public void A_bad_row_is_refused_with_line_and_field(string rows, int line, string field)
    {
        var ex = Assert.Throws<TicketingInputException>(() => ClearingCsv.Read(new StringReader(Header + rows), "t.csv"));
        Assert.Equal(line, ex.Line);
        Assert.Equal(field, ex.Field);
    }
}

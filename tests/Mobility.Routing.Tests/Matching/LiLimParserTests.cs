using Mobility.Routing.Matching.LiLim;
using Mobility.Tests.Shared;

namespace Mobility.Routing.Tests.Matching;

public sealed class LiLimParserTests
{
    internal const string Tiny = """
        2 10 1
        0 0 0 0 0 100 0 0 0
        1 1 0 5 0 50 1 0 2
        2 2 0 -5 0 60 1 1 0
        3 0 1 6 0 50 1 0 4
        4 0 2 -6 0 60 1 3 0
        """;

    internal static LiLimInstance ParseTiny(string text = Tiny) => LiLimParser.Parse(new StringReader(text), "tiny", "tiny.txt");

    [Fact]
    public void Tiny_instance_reads_header_tasks_and_pairs()
    {
        var instance = ParseTiny();
        Assert.Equal((2, 10, 1), (instance.Vehicles, instance.Capacity, instance.Speed));
        Assert.Equal(5, instance.Tasks.Count);
        Assert.Equal([(1, 2), (3, 4)], instance.Pairs.ToArray());
        Assert.True(instance.Tasks[1].IsPickup);
        Assert.True(instance.Tasks[2].IsDelivery);
        Assert.Equal(Math.Sqrt(2), instance.Distance(1, 3), 12);
    }

    [Fact]
    public void Lc101_fixture_has_53_pairs_and_its_best_known_entry()
    {
        var instance = LiLimParser.ParseFile(SharedData.Path("lilim", "lc101.txt"));
        Assert.Equal("lc101", instance.Name);
        Assert.Equal(200, instance.Capacity);
        Assert.Equal(53, instance.Pairs.Count());
        Assert.All(instance.Pairs, p => Assert.Equal(0, instance.Tasks[p.Pickup].Demand + instance.Tasks[p.Delivery].Demand));

        var table = BestKnownTable.ParseFile(SharedData.Path("lilim", "best-known.tsv"));
        Assert.Equal(new BestKnown(10, 828.9369), table["lc101"]);
        var instances = Directory.GetFiles(SharedData.Path("lilim"), "*.txt").Select(Path.GetFileNameWithoutExtension).ToArray();
        Assert.True(instances.Length >= 6, "the fixture holds the published instances");
        Assert.All(instances, name => Assert.True(table.ContainsKey(name!), $"{name} has no best-known entry"));
    }

    [Fact]
    public void A_header_speed_of_0_reads_as_unit_speed()
    {
        var instance = LiLimParser.Parse(new StringReader("2 10 0\n0 0 0 0 0 100 0 0 0\n1 1 0 5 0 50 1 0 2\n2 2 0 -5 0 60 1 1 0\n"), "zero", "zero");
        Assert.Equal(1, instance.Speed);
        Assert.Equal(1.0, instance.Distance(1, 2), 12);
    }

    [Theory]
    [InlineData("2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 0 5 0 50 1 0\n", 3, "task")]
    [InlineData("2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 zero 5 0 50 1 0 2\n2 2 0 -5 0 60 1 1 0\n", 3, "y")]
    [InlineData("2 10 1\n0 0 0 0 0 100 0 0 0\n2 1 0 5 0 50 1 0 2\n", 3, "id")]
    [InlineData("2 10 1\n0 0 0 0 0 100 0 0 0\n1 1 0 5 60 50 1 0 2\n2 2 0 -5 0 60 1 1 0\n", 3, "latest")]
    [InlineData("two 10 1\n", 1, "vehicles")]
    public void Malformed_line_is_rejected_naming_line_and_field(string text, int line, string field)
    {
        var e = Assert.Throws<LiLimFormatException>(() => ParseTiny(text));
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.Contains("tiny.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pair_that_does_not_point_back_is_rejected()
    {
        var text = Tiny.Replace("2 2 0 -5 0 60 1 1 0", "2 2 0 -5 0 60 1 3 0", StringComparison.Ordinal);
        var e = Assert.Throws<LiLimFormatException>(() => ParseTiny(text));
        Assert.Contains("point back", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Best_known_table_rejects_a_bad_distance()
    {
        var e = Assert.Throws<LiLimFormatException>(() => BestKnownTable.Parse(new StringReader("lc101 10 abc\n"), "bk.tsv"));
        Assert.Equal("distance", e.Field);
    }
}

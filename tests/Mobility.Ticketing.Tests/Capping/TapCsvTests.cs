using Mobility.Ticketing.Capping;

namespace Mobility.Ticketing.Tests.Capping;

public sealed class TapCsvTests
{
    private static readonly CapScheme Tfl = CapSchemes.Shipped("tfl-2025");

    private static TicketingInputException Refused(string csv) =>
        Assert.Throws<TicketingInputException>(() => TapCsv.Read(new StringReader(csv), "taps.csv", Tfl));

    [Fact]
    public void Charges_come_out_in_the_input_order_with_the_cap_applied()
    {
        const string csv = "id,time,medium,fare,tier\n" +
            "c,2025-03-03T18:00:00Z,card,360,z1-2\n" +
            "a,2025-03-03T08:00:00+00:00,card,360,z1-2\n" +
            "\"b,1\",2025-03-03T12:00:00.5+00:00,card,360,z1-2\n";
        var taps = TapCsv.Read(new StringReader(csv), "taps.csv", Tfl);
        var charges = new CappingEngine(Tfl).Charge(taps);
        var output = new StringWriter();
        TapCsv.WriteCharges(output, taps, charges);
        Assert.Equal("id,charged\nc,170\na,360\n\"b,1\",360\n", output.ToString());
    }

    [Theory]
    [InlineData("x,2025-03-03T08:00:00,card,360,z1-2", "time")]
    [InlineData("x,03/03/2025 08:00 +00:00,card,360,z1-2", "time")]
    [InlineData("x,2025-03-03T08:00:00Z,card,-1,z1-2", "fare")]
    [InlineData("x,2025-03-03T08:00:00Z,card,3.60,z1-2", "fare")]
    [InlineData("x,2025-03-03T08:00:00Z,card,100000001,z1-2", "fare")]
    [InlineData("x,2025-03-03T08:00:00Z,card,360,z9", "tier")]
    [InlineData("x,2025-03-03T08:00:00Z,,360,z1-2", "medium")]
    [InlineData(",2025-03-03T08:00:00Z,card,360,z1-2", "id")]
    public void A_bad_row_is_refused_with_its_line_and_field(string row, string field)
    {
        var ex = Refused("id,time,medium,fare,tier\nok,2025-03-03T07:00:00Z,card,360,z1-2\n" + row + "\n");
        Assert.Equal(3, ex.Line);
        Assert.Equal(field, ex.Field);
        Assert.StartsWith($"taps.csv:3 [{field}]: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_id_names_both_lines()
    {
        var ex = Refused("id,time,medium,fare,tier\na,2025-03-03T07:00:00Z,card,360,z1-2\n\na,2025-03-03T08:00:00Z,card,360,z1-2\n");
        Assert.Equal(4, ex.Line);
        Assert.Equal("id", ex.Field);
        Assert.Contains("first on line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_column_and_an_unterminated_quote_are_refused()
    {
        Assert.Equal("tier", Refused("id,time,medium,fare\na,2025-03-03T07:00:00Z,card,360\n").Field);
        Assert.Equal(2, Refused("id,time,medium,fare,tier\n\"a,2025-03-03T07:00:00Z,card,360,z1-2\n").Line);
    }
}

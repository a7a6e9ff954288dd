using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Csv;

namespace Mobility.Routing.Tests.Gtfs;

public sealed class CsvTableTests
{
    private static List<string[]> ReadAll(string text, params string[] columns)
    {
        using var table = new CsvTable("t.txt", new StringReader(text));
        var idx = columns.Select(table.Column).ToArray();
        var rows = new List<string[]>();
        while (table.Read())
        {
            rows.Add([.. idx.Select(table.Get)]);
        }

        return rows;
    }

    [Fact]
    public void Quoted_fields_keep_commas_escaped_quotes_and_line_breaks()
    {
        var rows = ReadAll("a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",z\r\n", "a", "b");
        Assert.Equal(["x, y", "say \"hi\""], rows[0]);
        Assert.Equal(["two\nlines", "z"], rows[1]);
    }

    [Fact]
    public void Columns_are_found_by_header_name_whatever_their_order_and_a_bom_is_ignored()
    {
        var rows = ReadAll("\uFEFFb,a\n2,1\n", "a", "b");
        Assert.Equal(["1", "2"], rows[0]);
    }

    [Fact]
    public void Short_rows_read_as_empty_trailing_fields_and_blank_lines_are_skipped()
    {
        var rows = ReadAll("a,b,c\n1\n\n4,5,6", "a", "c");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["1", ""], rows[0]);
        Assert.Equal(["4", "6"], rows[1]);
    }

    [Fact]
    public void Line_numbers_count_physical_lines_including_embedded_breaks()
    {
        using var table = new CsvTable("t.txt", new StringReader("a\n\"x\ny\"\nz\n"));
        Assert.True(table.Read());
        Assert.Equal(2, table.Line);
        Assert.True(table.Read());
        Assert.Equal(4, table.Line);
    }

    [Fact]
    public void Unterminated_quote_is_an_error_naming_the_file_and_line()
    {
        var ex = Assert.Throws<GtfsFeedException>(() => ReadAll("a\n1\n\"open", "a"));
        Assert.Equal("t.txt", ex.Errors[0].File);
        Assert.Equal(3, ex.Errors[0].Line);
    }

    [Theory]
    [InlineData("08:00:00", 8 * 3600)]
    [InlineData("8:00:00", 8 * 3600)]
    [InlineData("25:35:10", (25 * 3600) + (35 * 60) + 10)]
    [InlineData(" 00:00:00 ", 0)]
    public void Gtfs_times_parse_past_midnight_and_with_one_hour_digit(string text, int seconds) =>
        Assert.Equal(seconds, GtfsTime.TryParse(text));

    [Theory]
    [InlineData("8:0:00")]
    [InlineData("08:60:00")]
    [InlineData("08:00:61")]
    [InlineData("ab:00:00")]
    [InlineData("08:00")]
    [InlineData("123:00:00")]
    public void Malformed_times_are_rejected(string text) => Assert.Null(GtfsTime.TryParse(text));
}

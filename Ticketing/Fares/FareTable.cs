using System.Globalization;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Csv;

namespace Mobility.Ticketing.Fares;

/// <summary>One GTFS table read with the routing reader's RFC 4180 <see cref="CsvTable"/>; errors name file, line, field.</summary>
internal sealed class FareTable : IDisposable
{
    /// <summary>Upper bound on the rows of one fare table (BART's 38 kB fare_rules has about 2,000).</summary>
    public const int MaxRows = 5_000_000;

    private readonly CsvTable _table;
    private int _rows;

    private FareTable(CsvTable table, string file)
    {
        _table = table;
        File = file;
    }

    public string File { get; }

    public int Line => _table.Line;

    public static FareTable? Open(FareSource source, string file)
    {
        var reader = source.OpenText(file);
        if (reader is null)
        {
            return null;
        }

        try
        {
            return new FareTable(new CsvTable(file, reader), file);
        }
        catch (GtfsFeedException ex)
        {
            reader.Dispose();
            var issue = ex.Errors[0];
            throw new TicketingInputException(file, issue.Line, issue.Field, issue.Message);
        }
    }

    public bool HasColumn(string name) => _table.HasColumn(name);

    public void RequireColumns(params string[] names)
    {
        foreach (var name in names)
        {
            if (!_table.HasColumn(name))
            {
                throw new TicketingInputException(File, 1, name, "required column missing");
            }
        }
    }

    public bool Read()
    {
        try
        {
            if (!_table.Read())
            {
                return false;
            }
        }
        catch (GtfsFeedException ex)
        {
            throw Convert(ex);
        }

        if (++_rows > MaxRows)
        {
            throw Fail(null, $"more than {MaxRows} rows");
        }

        return true;
    }

    public string? Optional(string column)
    {
        var value = _table.Get(_table.Column(column));
        return value.Length == 0 ? null : value;
    }

    public string Required(string column) => Optional(column) ?? throw Fail(column, "required value is empty");

    public int? Int(string column, int min, int max)
    {
        var text = Optional(column);
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw Fail(column, $"an integer from {min} to {max}, not '{text}'");
    }

    public TimeSpan? Time(string column)
    {
        var text = Optional(column);
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var s)
            && parts[1].Length == 2 && parts[2].Length == 2 && m < 60 && s < 60 && h * 3600 + m * 60 + s <= 24 * 3600)
        {
            return new TimeSpan(h, m, s);
        }

        throw Fail(column, $"a time H:MM:SS no later than 24:00:00, not '{text}'");
    }

    public DateOnly Date(string column)
    {
        var text = Required(column);
        return DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw Fail(column, $"a date YYYYMMDD, not '{text}'");
    }

    public TicketingInputException Fail(string? field, string problem) => new(File, Line, field, problem);

    private TicketingInputException Convert(GtfsFeedException ex)
    {
        var issue = ex.Errors[0];
        return new TicketingInputException(File, issue.Line, issue.Field, issue.Message);
    }

    public void Dispose() => _table.Dispose();
}

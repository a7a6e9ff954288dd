using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Csv;

namespace Mobility.Ticketing.Capping;

/// <summary>
/// The CSV contract of <c>mobility ticket cap</c>: taps <c>id,time,medium,fare,tier</c> in, charges <c>id,charged</c>
/// out in the input's order. A bad row refuses the whole file with its line and field; nothing is charged.
/// </summary>
public static partial class TapCsv
{
    /// <summary>Upper bound on the taps of one file.</summary>
    public const int MaxTaps = 20_000_000;

    private const int MaxIdLength = 128;

    private static readonly string[] Columns = ["id", "time", "medium", "fare", "tier"];

    private static readonly string[] TimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mmK",
    ];

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();

    public static List<Tap> ReadFile(string path, CapScheme scheme)
    {
        if (!File.Exists(path))
        {
            throw new TicketingInputException(path, 0, null, "no such file");
        }

        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path), scheme);
    }

    public static List<Tap> Read(TextReader reader, string fileName, CapScheme scheme)
    {
        try
        {
            return ReadTable(new CsvTable(fileName, reader), fileName, scheme);
        }
        catch (GtfsFeedException ex)
        {
            var issue = ex.Errors[0];
            throw new TicketingInputException(fileName, issue.Line, issue.Field, issue.Message);
        }
    }

    private static List<Tap> ReadTable(CsvTable table, string file, CapScheme scheme)
    {
        var col = new int[Columns.Length];
        for (var i = 0; i < Columns.Length; i++)
        {
            col[i] = table.Column(Columns[i]);
            if (col[i] < 0)
            {
                throw new TicketingInputException(file, 1, Columns[i], $"missing column (the header is {string.Join(',', Columns)})");
            }
        }

        var tiers = scheme.Tiers.ToHashSet(StringComparer.Ordinal);
        var firstLine = new Dictionary<string, int>(StringComparer.Ordinal);
        var taps = new List<Tap>();
        while (table.Read())
        {
            var line = table.Line;
            if (taps.Count >= MaxTaps)
            {
                throw new TicketingInputException(file, line, null, $"more than {MaxTaps} taps");
            }

            var id = Text(table.Get(col[0]), file, line, "id");
            if (!firstLine.TryAdd(id, line))
            {
                throw new TicketingInputException(file, line, "id", $"duplicate id '{id}' (first on line {firstLine[id]})");
            }

            var timeText = table.Get(col[1]);
            if (!OffsetPattern().IsMatch(timeText)
                || !DateTimeOffset.TryParseExact(timeText, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                throw new TicketingInputException(file, line, "time", $"an ISO-8601 time with its offset (2025-03-03T08:15:00+00:00), not '{timeText}'");
            }

            var medium = Text(table.Get(col[2]), file, line, "medium");
            var fareText = table.Get(col[3]);
            if (!long.TryParse(fareText, NumberStyles.None, CultureInfo.InvariantCulture, out var fare) || fare > CapSchemeReader.MaxAmount)
            {
                throw new TicketingInputException(file, line, "fare", $"an integer of minor units from 0 to {CapSchemeReader.MaxAmount} (360 for GBP 3.60), not '{fareText}'");
            }

            var tier = table.Get(col[4]);
            if (!tiers.Contains(tier))
            {
                throw new TicketingInputException(file, line, "tier", $"'{tier}' is not a tier of scheme {scheme.Id} ({string.Join(", ", scheme.Tiers)})");
            }

            taps.Add(new Tap(id, time, medium, fare, tier));
        }

        return taps;
    }

    private static string Text(string value, string file, int line, string field)
    {
        if (value.Length == 0)
        {
            throw new TicketingInputException(file, line, field, "empty");
        }

        return value.Length > MaxIdLength ? throw new TicketingInputException(file, line, field, $"longer than {MaxIdLength} characters") : value;
    }

    /// <summary>Writes <c>id,charged</c> in the taps' order (ids quoted when they need it, RFC 4180).</summary>
    public static void WriteCharges(TextWriter writer, IReadOnlyList<Tap> taps, IReadOnlyList<long> charges)
    {
        writer.Write("id,charged\n");
        for (var i = 0; i < taps.Count; i++)
        {
            writer.Write(Quote(taps[i].Id));
            writer.Write(',');
            writer.Write(charges[i].ToString(CultureInfo.InvariantCulture));
            writer.Write('\n');
        }
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

using System.Globalization;
using System.Text.RegularExpressions;
using Mobility.Routing.Gtfs;
using Mobility.Routing.Gtfs.Csv;
using Mobility.Ticketing.Fares;

namespace Mobility.Ticketing.Clearing;

/// <summary>
/// Reads sold tickets for clearing, one row per leg: <c>ticket_id,revenue,currency,operator,mode,standalone_fare,distance_m,used_s</c>.
/// A ticket's rows are consecutive and repeat its revenue and currency; a bad row refuses the file with line and field.
/// </summary>
public static partial class ClearingCsv
{
    public const int MaxRows = 20_000_000;

    private static readonly string[] Columns = ["ticket_id", "revenue", "currency", "operator", "mode", "standalone_fare", "distance_m", "used_s"];

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static List<ClearingTicket> Read(TextReader reader, string file)
    {
        try
        {
            return ReadTable(new CsvTable(file, reader), file);
        }
        catch (GtfsFeedException ex)
        {
            var issue = ex.Errors[0];
            throw new TicketingInputException(file, issue.Line, issue.Field, issue.Message);
        }
    }

    private static List<ClearingTicket> ReadTable(CsvTable t, string file)
    {
        var col = Columns.Select(c => t.Column(c)).ToArray();
        for (var i = 0; i < col.Length; i++)
        {
            if (col[i] < 0)
            {
                throw new TicketingInputException(file, 1, Columns[i], $"missing column (the header is {string.Join(',', Columns)})");
            }
        }

        var tickets = new List<ClearingTicket>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = null;
        Money revenue = default;
        var legs = new List<ClearingLeg>();
        var rows = 0;
        void Flush()
        {
            if (current is not null)
            {
                tickets.Add(new ClearingTicket(current, DateTimeOffset.UnixEpoch, revenue, [.. legs]));
            }
        }

        while (t.Read())
        {
            if (++rows > MaxRows)
            {
                throw new TicketingInputException(file, t.Line, null, $"more than {MaxRows} rows");
            }

            string Text(int c)
            {
                var v = t.Get(col[c]);
                return v.Length is > 0 and <= 128 ? v : throw new TicketingInputException(file, t.Line, Columns[c], "1 to 128 characters");
            }

            long Number(int c, bool signed)
            {
                var v = t.Get(col[c]);
                var style = signed ? NumberStyles.AllowLeadingSign : NumberStyles.None;
                return long.TryParse(v, style, CultureInfo.InvariantCulture, out var n) && Math.Abs(n) <= 10_000_000_000
                    ? n
                    : throw new TicketingInputException(file, t.Line, Columns[c], $"an integer{(signed ? string.Empty : " >= 0")}, not '{v}'");
            }

            var id = Text(0);
            var currency = Text(2);
            if (!CurrencyPattern().IsMatch(currency))
            {
                throw new TicketingInputException(file, t.Line, "currency", $"an ISO 4217 code, not '{currency}'");
            }

            var rowRevenue = new Money(Number(1, signed: true), currency);
            if (id != current)
            {
                Flush();
                if (!seen.Add(id))
                {
                    throw new TicketingInputException(file, t.Line, "ticket_id", $"ticket '{id}' appears again after other tickets (its rows are consecutive)");
                }

                current = id;
                revenue = rowRevenue;
                legs.Clear();
            }
            else if (rowRevenue != revenue)
            {
                throw new TicketingInputException(file, t.Line, "revenue", $"ticket '{id}' has revenue {revenue.Amount} {revenue.Currency} on its first row");
            }

            if (legs.Count >= Apportionment.MaxLegs)
            {
                throw new TicketingInputException(file, t.Line, "ticket_id", $"more than {Apportionment.MaxLegs} legs");
            }

            legs.Add(new ClearingLeg(Text(3), Text(4), Number(5, false), Number(6, false), Number(7, false)));
        }

        Flush();
        return tickets;
    }
}

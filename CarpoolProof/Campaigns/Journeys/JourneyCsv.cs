using System.Globalization;
using System.Text;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Journeys;

/// <summary>
/// The journeys CSV of docs/campaigns.md (RFC 4180, header row, columns in any order, unknown columns refused).
/// </summary>
public static class JourneyCsv
{
    public static readonly string[] Required =
    [
        "journey_id", "operator_id", "proof_class", "start_datetime", "start_lat", "start_lon", "end_datetime", "end_lat",
        "end_lon", "distance_m", "seats", "driver_key", "passenger_key",
    ];

    public static readonly string[] Optional = ["passenger_over_18", "status", "log_index", "start_zone", "end_zone"];

    public static JourneyFile Read(TextReader reader)
    {
        var journeys = new List<CampaignJourney>();
        var errors = new List<JourneyLineError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var header = reader.ReadLine();
        if (header is null)
        {
            errors.Add(new JourneyLineError(1, "header", "empty file"));
            return new JourneyFile(journeys, errors);
        }
        var columns = Split(header);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            if (!Required.Contains(columns[i]) && !Optional.Contains(columns[i]))
            {
                errors.Add(new JourneyLineError(1, columns[i], "unknown column"));
            }
            else if (!index.TryAdd(columns[i], i))
            {
                errors.Add(new JourneyLineError(1, columns[i], "duplicate column"));
            }
        }
        foreach (var missing in Required.Where(r => !index.ContainsKey(r)))
        {
            errors.Add(new JourneyLineError(1, missing, "required column is missing"));
        }
        if (errors.Count > 0)
        {
            return new JourneyFile(journeys, errors);
        }
        var lineNo = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (line.Length == 0)
            {
                continue;
            }
            if (line.Length > JourneyFile.MaxLineLength)
            {
                errors.Add(new JourneyLineError(lineNo, "line", $"longer than {JourneyFile.MaxLineLength} characters"));
                continue;
            }
            var fields = Split(line);
            if (fields.Count != columns.Count)
            {
                errors.Add(new JourneyLineError(lineNo, "line", $"{fields.Count} fields where the header has {columns.Count}"));
                continue;
            }
            var row = new Row(fields, index);
            try
            {
                var j = new CampaignJourney(
                    row.Text("journey_id"), row.Text("operator_id"), row.Class("proof_class"),
                    row.Time("start_datetime"), new GeoPoint(row.Number("start_lat"), row.Number("start_lon")),
                    row.Time("end_datetime"), new GeoPoint(row.Number("end_lat"), row.Number("end_lon")),
                    row.Int("distance_m"), row.Int("seats"), row.Text("driver_key"), row.Text("passenger_key"),
                    row.Adult("passenger_over_18"), row.Status("status"), row.Long("log_index"),
                    row.Optional("start_zone"), row.Optional("end_zone"));
                JourneyFile.AddUnique(journeys, ids, errors, lineNo, j);
            }
            catch (FormatException e)
            {
                errors.Add(new JourneyLineError(lineNo, e.Message.Split(':')[0], e.Message[(e.Message.IndexOf(':') + 2)..]));
            }
        }
        return new JourneyFile(journeys, errors);
    }

    /// <summary>Splits one RFC 4180 record (no embedded line breaks).</summary>
    internal static List<string> Split(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"' && sb.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return fields;
    }

    private readonly struct Row(List<string> fields, Dictionary<string, int> index)
    {
        public string? Optional(string name) =>
            index.TryGetValue(name, out var i) && fields[i].Length > 0 ? fields[i] : null;

        public string Text(string name) => Optional(name) ?? throw Bad(name, "required value is empty");

        public double Number(string name) =>
            double.TryParse(Text(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : throw Bad(name, $"'{Text(name)}' is not a number");

        public int Int(string name) =>
            int.TryParse(Text(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, $"'{Text(name)}' is not an integer");

        public long? Long(string name) => Optional(name) is not { } s ? null
            : long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Bad(name, $"'{s}' is not an integer");

        public DateTimeOffset Time(string name) =>
            DateTimeOffset.TryParse(Text(name), CultureInfo.InvariantCulture, DateTimeStyles.None, out var v) && HasOffset(Text(name))
                ? v : throw Bad(name, $"'{Text(name)}' is not an ISO 8601 date-time with an offset (Z or +hh:mm)");

        public ProofClass Class(string name) => Text(name) switch
        {
            "A" => ProofClass.A,
            "B" => ProofClass.B,
            "C" => ProofClass.C,
            var s => throw Bad(name, $"'{s}' is not A, B or C"),
        };

        public bool? Adult(string name) => Optional(name) switch
        {
            null or "null" => null,
            "true" => true,
            "false" => false,
            var s => throw Bad(name, $"'{s}' is not true, false or empty"),
        };

        public JourneyStatus Status(string name) => Optional(name) switch
        {
            null or "accepted" or "passed" => JourneyStatus.Accepted,
            "flagged" or "fraud" => JourneyStatus.Flagged,
            "cancelled" or "canceled" => JourneyStatus.Cancelled,
            var s => throw Bad(name, $"'{s}' is not accepted, flagged or cancelled"),
        };

        private FormatException Bad(string field, string message) => new($"{field}: {message}");

        private static bool HasOffset(string s) => s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-'));
    }
}

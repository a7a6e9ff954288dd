using System.Globalization;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Engine;
using Mobility.CarpoolProof.Campaigns.Geography;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Journeys;

/// <summary>
/// One registry v3.3 declaration per line (POST /journeys body: operator_journey_id, operator_class, start and end
/// {datetime, lat, lon}, distance, driver.identity, passenger.identity and seats), plus <c>operator_id</c>, an optional
/// <c>status</c> (passed by default, fraud, cancelled) and optional <c>log_index</c>. Other registry fields
/// (incentives, revenue, contribution, ...) are not used by campaigns and are ignored.
/// </summary>
public static class JourneyJsonLines
{
    public static JourneyFile Read(TextReader reader)
    {
        var journeys = new List<CampaignJourney>();
        var errors = new List<JourneyLineError>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            if (line.Length > JourneyFile.MaxLineLength)
            {
                errors.Add(new JourneyLineError(lineNo, "line", $"longer than {JourneyFile.MaxLineLength} characters"));
                continue;
            }
            try
            {
                using var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
                JourneyFile.AddUnique(journeys, ids, errors, lineNo, FromDeclaration(doc.RootElement));
            }
            catch (JsonException e)
            {
                errors.Add(new JourneyLineError(lineNo, "line", $"not JSON: {e.Message}"));
            }
            catch (FormatException e)
            {
                var colon = e.Message.IndexOf(':', StringComparison.Ordinal);
                errors.Add(new JourneyLineError(lineNo, e.Message[..colon], e.Message[(colon + 2)..]));
            }
        }
        return new JourneyFile(journeys, errors);
    }

    public static CampaignJourney FromDeclaration(JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("$: a declaration is a JSON object");
        }
        var start = Get(d, "start", "start");
        var end = Get(d, "end", "end");
        var driver = Get(Get(d, "driver", "driver"), "identity", "driver.identity");
        var passenger = Get(d, "passenger", "passenger");
        var passengerIdentity = Get(passenger, "identity", "passenger.identity");
        var seats = passenger.TryGetProperty("seats", out var s) ? Int(s, "passenger.seats") : 1;
        bool? adult = passengerIdentity.TryGetProperty("over_18", out var o) ? o.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Null => null,
            _ => throw new FormatException("passenger.identity.over_18: true, false or null"),
        } : null;
        var status = d.TryGetProperty("status", out var st) ? Str(st, "status") switch
        {
            "passed" or "ok" => JourneyStatus.Accepted,
            "fraud" or "fraud_error" => JourneyStatus.Flagged,
            "cancelled" or "canceled" => JourneyStatus.Cancelled,
            var x => throw new FormatException($"status: '{x}' is not passed, fraud or cancelled"),
        } : JourneyStatus.Accepted;
        var cls = Str(Get(d, "operator_class", "operator_class"), "operator_class") switch
        {
            "A" => ProofClass.A,
            "B" => ProofClass.B,
            "C" => ProofClass.C,
            var x => throw new FormatException($"operator_class: '{x}' is not A, B or C"),
        };
        long? logIndex = d.TryGetProperty("log_index", out var li) && li.ValueKind != JsonValueKind.Null ? Long(li, "log_index") : null;
        return new CampaignJourney(
            Str(Get(d, "operator_journey_id", "operator_journey_id"), "operator_journey_id"),
            Str(Get(d, "operator_id", "operator_id"), "operator_id"),
            cls,
            Time(start, "start"), Point(start, "start"),
            Time(end, "end"), Point(end, "end"),
            Int(Get(d, "distance", "distance"), "distance"), seats,
            Str(Get(driver, "identity_key", "driver.identity.identity_key"), "driver.identity.identity_key"),
            Str(Get(passengerIdentity, "identity_key", "passenger.identity.identity_key"), "passenger.identity.identity_key"),
            adult, status, logIndex);
    }

    private static JsonElement Get(JsonElement e, string name, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v : throw new FormatException($"{path}: required field is missing");

    private static string Str(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new FormatException($"{path}: expected a string");

    private static int Int(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw new FormatException($"{path}: expected an integer");

    private static long Long(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out var v) ? v : throw new FormatException($"{path}: expected an integer");

    private static double Number(JsonElement e, string path) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw new FormatException($"{path}: expected a number");

    private static GeoPoint Point(JsonElement p, string path) =>
        new(Number(Get(p, "lat", $"{path}.lat"), $"{path}.lat"), Number(Get(p, "lon", $"{path}.lon"), $"{path}.lon"));

    private static DateTimeOffset Time(JsonElement p, string path)
    {
        var s = Str(Get(p, "datetime", $"{path}.datetime"), $"{path}.datetime");
        // RFC 3339 5.6 date-time (the registry's format): the offset is required, else the machine's zone would decide.
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && HasOffset(s)
            ? t : throw new FormatException($"{path}.datetime: '{s}' is not an RFC 3339 date-time with an offset");
    }

    private static bool HasOffset(string s)
    {
        if (s.EndsWith('Z') || s.EndsWith('z'))
        {
            return true;
        }
        // ...+hh:mm or ...-hh:mm after the time part.
        return s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':' && s.IndexOf('T', StringComparison.OrdinalIgnoreCase) is > 0 and var t && s.Length - 6 > t;
    }
}

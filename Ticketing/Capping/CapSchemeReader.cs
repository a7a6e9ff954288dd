using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mobility.Ticketing.Capping;

/// <summary>
/// Reads a capping scheme document (docs/ticketing.md, "Scheme files"). Strict: an unknown property, a tier no cap
/// can know, an amount out of range is refused with its JSON path, so a typo never silently removes a cap.
/// </summary>
public static partial class CapSchemeReader
{
    /// <summary>Upper bound on a scheme document.</summary>
    public const int MaxBytes = 1 << 20;

    public const long MaxAmount = 100_000_000;

    private const int MaxTiers = 256;
    private const int MaxCaps = 256;
    private const int MaxHolidays = 2_000;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyPattern();

    public static CapScheme ReadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TicketingInputException(path, 0, null, "no such file");
        }

        if (info.Length > MaxBytes)
        {
            throw new TicketingInputException(path, 0, null, $"larger than {MaxBytes} bytes");
        }

        return Read(File.ReadAllBytes(path), path);
    }

    public static CapScheme Read(ReadOnlySpan<byte> json, string source)
    {
        if (json.Length > MaxBytes)
        {
            throw new TicketingInputException(source, 0, null, $"larger than {MaxBytes} bytes");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw new TicketingInputException(source, (int)(ex.LineNumber ?? -1) + 1, ex.Path, "not valid JSON: " + ex.Message);
        }

        using (doc)
        {
            return new Parser(source).Scheme(doc.RootElement);
        }
    }

    private sealed class Parser(string source)
    {
        public CapScheme Scheme(JsonElement root)
        {
            Object(root, "$", "id", "name", "currency", "timeZone", "dayStart", "weekStart", "tiers", "caps", "connections", "holidays");
            var id = Id(Required(root, "$", "id"), "$.id");
            var name = root.TryGetProperty("name", out var n) ? Text(n, "$.name", 200) : id;
            var currency = Text(Required(root, "$", "currency"), "$.currency", 3);
            if (!CurrencyPattern().IsMatch(currency))
            {
                throw Fail("$.currency", "an ISO 4217 code: three capital letters");
            }

            var zoneId = Text(Required(root, "$", "timeZone"), "$.timeZone", 64);
            TimeZoneInfo zone;
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw Fail("$.timeZone", $"unknown IANA time zone '{zoneId}'");
            }

            var dayStart = TimeSpan.Zero;
            if (root.TryGetProperty("dayStart", out var ds))
            {
                var text = Text(ds, "$.dayStart", 5);
                if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
                {
                    throw Fail("$.dayStart", $"a local time HH:mm, not '{text}'");
                }

                dayStart = t.ToTimeSpan();
            }

            var weekStart = root.TryGetProperty("weekStart", out var ws) ? Day(ws, "$.weekStart") : DayOfWeek.Monday;

            var tierArray = Array(Required(root, "$", "tiers"), "$.tiers", MaxTiers);
            var tiers = new List<string>();
            for (var i = 0; i < tierArray.Count; i++)
            {
                var tier = Id(tierArray[i], $"$.tiers[{i}]");
                if (tiers.Contains(tier))
                {
                    throw Fail($"$.tiers[{i}]", $"tier '{tier}' listed twice");
                }

                tiers.Add(tier);
            }

            if (tiers.Count == 0)
            {
                throw Fail("$.tiers", "at least one tier");
            }

            var caps = new List<CapRule>();
            var capArray = Array(Required(root, "$", "caps"), "$.caps", MaxCaps);
            for (var i = 0; i < capArray.Count; i++)
            {
                var cap = Cap(capArray[i], $"$.caps[{i}]", tiers);
                if (caps.Exists(c => c.Id == cap.Id))
                {
                    throw Fail($"$.caps[{i}].id", $"cap '{cap.Id}' listed twice");
                }

                caps.Add(cap);
            }

            var connections = new List<ConnectionRule>();
            if (root.TryGetProperty("connections", out var conn))
            {
                var connArray = Array(conn, "$.connections", MaxCaps);
                for (var i = 0; i < connArray.Count; i++)
                {
                    var path = $"$.connections[{i}]";
                    Object(connArray[i], path, "from", "to", "withinMinutes");
                    var minutes = Integer(Required(connArray[i], path, "withinMinutes"), path + ".withinMinutes", 1, 24 * 60);
                    connections.Add(new ConnectionRule(
                        TierSet(Required(connArray[i], path, "from"), path + ".from", tiers),
                        TierSet(Required(connArray[i], path, "to"), path + ".to", tiers),
                        TimeSpan.FromMinutes(minutes)));
                }
            }

            var holidays = new HashSet<DateOnly>();
            if (root.TryGetProperty("holidays", out var hol))
            {
                var holArray = Array(hol, "$.holidays", MaxHolidays);
                for (var i = 0; i < holArray.Count; i++)
                {
                    var text = Text(holArray[i], $"$.holidays[{i}]", 10);
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    {
                        throw Fail($"$.holidays[{i}]", $"a date yyyy-MM-dd, not '{text}'");
                    }

                    holidays.Add(d);
                }
            }

            return new CapScheme(id, name, currency, zone, dayStart, weekStart, tiers, caps, connections, holidays);
        }

        private CapRule Cap(JsonElement e, string path, List<string> tiers)
        {
            Object(e, path, "id", "period", "days", "tiers", "amount", "amountByDay", "holidayAmount");
            var id = Id(Required(e, path, "id"), path + ".id");
            var periodText = Text(Required(e, path, "period"), path + ".period", 16);
            var period = periodText switch
            {
                "day" => CapPeriod.Day,
                "week" => CapPeriod.Week,
                "rolling" => CapPeriod.Rolling,
                _ => throw Fail(path + ".period", $"day, week or rolling, not '{periodText}'"),
            };
            var days = period switch
            {
                CapPeriod.Rolling => (int)Integer(Required(e, path, "days"), path + ".days", 1, 366),
                CapPeriod.Week => 7,
                _ => 1,
            };
            if (period != CapPeriod.Rolling && e.TryGetProperty("days", out _))
            {
                throw Fail(path + ".days", "only a rolling cap has a length in days");
            }

            var amount = Integer(Required(e, path, "amount"), path + ".amount", 0, MaxAmount);
            var byDay = new Dictionary<DayOfWeek, long>();
            long? holidayAmount = null;
            if (e.TryGetProperty("amountByDay", out var abd))
            {
                if (period != CapPeriod.Day)
                {
                    throw Fail(path + ".amountByDay", "only a day cap varies by day of the week");
                }

                if (abd.ValueKind != JsonValueKind.Object)
                {
                    throw Fail(path + ".amountByDay", "an object of day name to amount");
                }

                foreach (var p in abd.EnumerateObject())
                {
                    var dayPath = $"{path}.amountByDay.{p.Name}";
                    var day = DayName(p.Name, dayPath);
                    byDay[day] = Integer(p.Value, dayPath, 0, MaxAmount);
                }
            }

            if (e.TryGetProperty("holidayAmount", out var ha))
            {
                if (period != CapPeriod.Day)
                {
                    throw Fail(path + ".holidayAmount", "only a day cap has a holiday amount");
                }

                holidayAmount = Integer(ha, path + ".holidayAmount", 0, MaxAmount);
            }

            return new CapRule(id, period, days, TierSet(Required(e, path, "tiers"), path + ".tiers", tiers), amount, byDay, holidayAmount);
        }

        private HashSet<string> TierSet(JsonElement e, string path, List<string> tiers)
        {
            var items = Array(e, path, MaxTiers);
            var set = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < items.Count; i++)
            {
                var tier = Text(items[i], $"{path}[{i}]", 64);
                if (!tiers.Contains(tier))
                {
                    throw Fail($"{path}[{i}]", $"tier '{tier}' is not in $.tiers");
                }

                set.Add(tier);
            }

            if (set.Count == 0)
            {
                throw Fail(path, "at least one tier");
            }

            return set;
        }

        private void Object(JsonElement e, string path, params string[] allowed)
        {
            if (e.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, "an object");
            }

            foreach (var p in e.EnumerateObject())
            {
                if (System.Array.IndexOf(allowed, p.Name) < 0)
                {
                    throw Fail($"{path}.{p.Name}", $"unknown property (known: {string.Join(", ", allowed)})");
                }
            }
        }

        private JsonElement Required(JsonElement e, string path, string name) =>
            e.TryGetProperty(name, out var v) ? v : throw Fail($"{path}.{name}", "required");

        private List<JsonElement> Array(JsonElement e, string path, int max)
        {
            if (e.ValueKind != JsonValueKind.Array)
            {
                throw Fail(path, "an array");
            }

            var n = e.GetArrayLength();
            return n > max ? throw Fail(path, $"at most {max} items, not {n}") : [.. e.EnumerateArray()];
        }

        private string Text(JsonElement e, string path, int maxLength)
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                throw Fail(path, "a string");
            }

            var s = e.GetString()!;
            return s.Length == 0 || s.Length > maxLength ? throw Fail(path, $"1 to {maxLength} characters") : s;
        }

        private string Id(JsonElement e, string path)
        {
            var s = Text(e, path, 64);
            return IdPattern().IsMatch(s) ? s : throw Fail(path, $"an id of a-z, 0-9, '.', '_', '-' (starting with a letter or digit), not '{s}'");
        }

        private long Integer(JsonElement e, string path, long min, long max)
        {
            if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var v))
            {
                throw Fail(path, "an integer (amounts are in minor units: 890 for GBP 8.90)");
            }

            return v < min || v > max ? throw Fail(path, $"between {min} and {max}, not {v}") : v;
        }

        private DayOfWeek Day(JsonElement e, string path) => DayName(Text(e, path, 16), path);

        private DayOfWeek DayName(string name, string path) =>
            Enum.TryParse<DayOfWeek>(name, ignoreCase: true, out var d) && !int.TryParse(name, out _)
                ? d
                : throw Fail(path, $"a day name (monday ... sunday), not '{name}'");

        private TicketingInputException Fail(string path, string problem) => new(source, 0, path, problem);
    }
}

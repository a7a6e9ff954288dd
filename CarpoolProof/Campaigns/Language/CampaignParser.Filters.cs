using System.Text.Json;

namespace Mobility.CarpoolProof.Campaigns.Language;

public static partial class CampaignParser
{
    private static readonly Dictionary<string, DayOfWeek> Days = new(StringComparer.Ordinal)
    {
        ["mon"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday,
    };

    /// <summary>Windows inherit the campaign's validity when they omit a start or an end.</summary>
    private static DateRange? ReadWindow(JsonWalker w, JsonElement obj, string path, DateRange? validity)
    {
        var start = w.Date(obj, "start", path, false) ?? validity?.Start;
        var end = w.Date(obj, "end", path, false) ?? validity?.End;
        if (start is null)
        {
            return null;
        }
        if (end is not null && end < start)
        {
            w.Error($"{path}.end", $"ends ({end:yyyy-MM-dd}) before it starts ({start:yyyy-MM-dd})");
            return null;
        }
        var range = new DateRange(start.Value, end);
        if (validity is not null && !range.Overlaps(validity))
        {
            w.Error(path, "window lies entirely outside the campaign's validity");
            return null;
        }
        return range;
    }

    private static List<OperatorAllowance>? ReadOperators(JsonWalker w, JsonElement root, DateRange? validity)
    {
        if (w.Array(root, "operators", "$", false, 1000, 1) is not { } items)
        {
            return null;
        }
        var result = new List<OperatorAllowance>();
        foreach (var (item, path) in items)
        {
            if (!w.Object(item, path, "id", "start", "end"))
            {
                continue;
            }
            var id = w.String(item, "id", path, true, TokenPattern());
            var window = ReadWindow(w, item, path, validity);
            if (id is null || window is null)
            {
                continue;
            }
            if (result.Any(o => o.OperatorId == id && o.Dates.Overlaps(window)))
            {
                w.Error(path, $"operator '{id}' is listed twice for overlapping dates");
                continue;
            }
            result.Add(new OperatorAllowance(id, window));
        }
        return result;
    }

    private static List<ProofClassWindow>? ReadProofClasses(JsonWalker w, JsonElement root, DateRange? validity)
    {
        if (w.Array(root, "proof_classes", "$", false, 64, 1) is not { } items)
        {
            return null;
        }
        var result = new List<ProofClassWindow>();
        foreach (var (item, path) in items)
        {
            if (!w.Object(item, path, "classes", "start", "end"))
            {
                continue;
            }
            var classes = new HashSet<ProofClass>();
            foreach (var (c, cp) in w.Array(item, "classes", path, true, 3, 1) ?? [])
            {
                if (c.ValueKind != JsonValueKind.String || !Enum.TryParse<ProofClass>(c.GetString(), ignoreCase: false, out var pc)
                    || c.GetString()!.Length != 1)
                {
                    w.Error(cp, $"{c.GetRawText()} is not a proof class (A, B or C)");
                }
                else if (!classes.Add(pc))
                {
                    w.Error(cp, "class listed twice");
                }
            }
            var window = ReadWindow(w, item, path, validity);
            if (window is null || classes.Count == 0)
            {
                continue;
            }
            if (result.Any(r => r.Dates.Overlaps(window)))
            {
                w.Error(path, "proof class windows overlap: on a given day exactly one window applies");
                continue;
            }
            result.Add(new ProofClassWindow(classes, window));
        }
        return result;
    }

    private static HashSet<DayOfWeek>? ReadWeekdays(JsonWalker w, JsonElement root)
    {
        if (w.Array(root, "weekdays", "$", false, 7, 1) is not { } items)
        {
            return null;
        }
        var days = new HashSet<DayOfWeek>();
        foreach (var (item, path) in items)
        {
            if (item.ValueKind != JsonValueKind.String || !Days.TryGetValue(item.GetString()!, out var d))
            {
                w.Error(path, $"{item.GetRawText()} is not one of {string.Join(", ", Days.Keys)}");
            }
            else if (!days.Add(d))
            {
                w.Error(path, "day listed twice");
            }
        }
        return days;
    }

    private static List<TimeSlot>? ReadTimeSlots(JsonWalker w, JsonElement root)
    {
        if (w.Array(root, "time_slots", "$", false, 48, 1) is not { } items)
        {
            return null;
        }
        var slots = new List<TimeSlot>();
        foreach (var (item, path) in items)
        {
            if (!w.Object(item, path, "start", "end"))
            {
                continue;
            }
            var start = w.Time(item, "start", path);
            var end = w.Time(item, "end", path);
            if (start is null || end is null)
            {
                continue;
            }
            if (end != TimeOnly.MinValue && end <= start)
            {
                w.Error($"{path}.end", "a slot ends after it starts (use 00:00 for midnight; split slots that span midnight)");
                continue;
            }
            var slot = new TimeSlot(start.Value, end.Value);
            if (slots.Any(s => Overlap(s, slot)))
            {
                w.Error(path, "time slots overlap");
                continue;
            }
            slots.Add(slot);
        }
        return slots;

        static bool Overlap(TimeSlot a, TimeSlot b) => a.Contains(b.Start) || b.Contains(a.Start);
    }

    private static List<Booster> ReadBoosters(JsonWalker w, JsonElement root, DateRange? validity)
    {
        var result = new List<Booster>();
        var all = new HashSet<DateOnly>();
        foreach (var (item, path) in w.Array(root, "boosters", "$", false, 64) ?? [])
        {
            if (!w.Object(item, path, "dates", "multiplier"))
            {
                continue;
            }
            var dates = new HashSet<DateOnly>();
            foreach (var (d, dp) in w.Array(item, "dates", path, true, 366, 1) ?? [])
            {
                var date = d.ValueKind == JsonValueKind.String ? w.ParseDate(d.GetString()!, dp) : null;
                if (d.ValueKind != JsonValueKind.String)
                {
                    w.Error(dp, "a date is a string YYYY-MM-DD");
                }
                if (date is null)
                {
                    continue;
                }
                if (validity is not null && !validity.Contains(date.Value))
                {
                    w.Error(dp, $"{date:yyyy-MM-dd} is outside the campaign's validity");
                }
                else if (!all.Add(date.Value))
                {
                    w.Error(dp, $"{date:yyyy-MM-dd} is boosted twice");
                }
                else
                {
                    dates.Add(date.Value);
                }
            }
            var perMille = ReadMultiplier(w, item, path);
            if (perMille is not null && dates.Count > 0)
            {
                result.Add(new Booster(dates, perMille.Value));
            }
        }
        return result;
    }

    /// <summary>A multiplier is a JSON number with at most 3 decimals in (0, 10], read exactly as per-mille.</summary>
    private static int? ReadMultiplier(JsonWalker w, JsonElement item, string path)
    {
        if (w.Field(item, "multiplier", path, true) is not { } m)
        {
            return null;
        }
        if (m.ValueKind != JsonValueKind.Number || !m.TryGetDecimal(out var value))
        {
            w.Error($"{path}.multiplier", "expected a number such as 1.5");
            return null;
        }
        var perMille = value * 1000m;
        if (perMille != decimal.Truncate(perMille) || value <= 0 || value > 10)
        {
            w.Error($"{path}.multiplier", $"{value} must be in (0, 10] with at most 3 decimals");
            return null;
        }
        return (int)perMille;
    }
}

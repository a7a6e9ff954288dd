using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Mobility.CarpoolProof.Campaigns.Language;

/// <summary>
/// Strict reading of a JSON tree with paths: unknown or duplicate fields, wrong kinds and out-of-range values are
/// recorded as <see cref="CampaignError"/>s, and the reader carries on so that one pass reports every problem.
/// </summary>
internal sealed class JsonWalker
{
    public List<CampaignError> Errors { get; } = [];

    public void Error(string path, string message) => Errors.Add(new CampaignError(path, message));

    /// <summary>Checks that <paramref name="e"/> is an object whose fields are all in <paramref name="allowed"/>.</summary>
    public bool Object(JsonElement e, string path, params string[] allowed)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(path, $"expected an object, found {Kind(e)}");
            return false;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            if (!seen.Add(p.Name))
            {
                Error($"{path}.{p.Name}", "duplicate field");
            }
            else if (System.Array.IndexOf(allowed, p.Name) < 0)
            {
                Error($"{path}.{p.Name}", $"unknown field (allowed: {string.Join(", ", allowed)})");
            }
        }
        return true;
    }

    public static bool Has(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    public JsonElement? Field(JsonElement obj, string name, string path, bool required)
    {
        if (obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
        {
            return v;
        }
        if (required)
        {
            Error($"{path}.{name}", "required field is missing");
        }
        return null;
    }

    public string? String(JsonElement obj, string name, string path, bool required, Regex? pattern = null, int maxLength = 256)
    {
        if (Field(obj, name, path, required) is not { } v)
        {
            return null;
        }
        if (v.ValueKind != JsonValueKind.String)
        {
            Error($"{path}.{name}", $"expected a string, found {Kind(v)}");
            return null;
        }
        var s = v.GetString()!;
        if (s.Length > maxLength)
        {
            Error($"{path}.{name}", $"longer than {maxLength} characters");
            return null;
        }
        if (pattern is not null && !pattern.IsMatch(s))
        {
            Error($"{path}.{name}", $"'{s}' does not match {pattern}");
            return null;
        }
        return s;
    }

    public long? Integer(JsonElement obj, string name, string path, bool required, long min, long max)
    {
        if (Field(obj, name, path, required) is not { } v)
        {
            return null;
        }
        return Integer(v, $"{path}.{name}", min, max);
    }

    public long? Integer(JsonElement v, string path, long min, long max)
    {
        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n))
        {
            Error(path, $"expected an integer, found {Kind(v)} {Raw(v)}");
            return null;
        }
        if (n < min || n > max)
        {
            Error(path, n < 0 && min >= 0 ? $"must not be negative ({n})" : $"{n} is outside [{min}, {max}]");
            return null;
        }
        return n;
    }

    public bool? Bool(JsonElement obj, string name, string path)
    {
        if (Field(obj, name, path, false) is not { } v)
        {
            return null;
        }
        if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Error($"{path}.{name}", $"expected true or false, found {Kind(v)}");
            return null;
        }
        return v.GetBoolean();
    }

    public DateOnly? Date(JsonElement obj, string name, string path, bool required)
    {
        var s = String(obj, name, path, required, maxLength: 10);
        return s is null ? null : ParseDate(s, $"{path}.{name}");
    }

    public DateOnly? ParseDate(string s, string path)
    {
        if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }
        Error(path, $"'{s}' is not a calendar date (YYYY-MM-DD)");
        return null;
    }

    public TimeOnly? Time(JsonElement obj, string name, string path)
    {
        var s = String(obj, name, path, true, maxLength: 5);
        if (s is null)
        {
            return null;
        }
        if (TimeOnly.TryParseExact(s, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }
        Error($"{path}.{name}", $"'{s}' is not a time of day (HH:MM)");
        return null;
    }

    /// <summary>The items of an array field with their paths; an absent optional array yields null.</summary>
    public List<(JsonElement Item, string Path)>? Array(JsonElement obj, string name, string path, bool required, int maxItems, int minItems = 0)
    {
        if (Field(obj, name, path, required) is not { } v)
        {
            return null;
        }
        var p = $"{path}.{name}";
        if (v.ValueKind != JsonValueKind.Array)
        {
            Error(p, $"expected an array, found {Kind(v)}");
            return null;
        }
        var n = v.GetArrayLength();
        if (n > maxItems || n < minItems)
        {
            Error(p, $"expected between {minItems} and {maxItems} items, found {n}");
            return null;
        }
        return v.EnumerateArray().Select((item, i) => (item, $"{p}[{i}]")).ToList();
    }

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Raw(JsonElement e)
    {
        var raw = e.GetRawText();
        return raw.Length > 40 ? raw[..40] + "..." : raw;
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// One parsed GBFS file: its envelope (last_updated, ttl, version, data, GBFS "Output Format") and typed field access
/// that names the file and JSON path of any bad field. Timestamps are POSIX seconds in 2.x and RFC 3339 strings in
/// 3.0 ("Field Types: Timestamp", as of v3.0); both become <see cref="DateTimeOffset"/>.
/// </summary>
internal sealed class GbfsFile
{
    private GbfsFile(string name, GbfsVersion version, DateTimeOffset lastUpdated, int ttl, JsonElement data, string defaultLanguage)
    {
        Name = name;
        Version = version;
        LastUpdated = lastUpdated;
        Ttl = ttl;
        Data = data;
        DefaultLanguage = defaultLanguage;
    }

    public string Name { get; }

    public GbfsVersion Version { get; }

    public DateTimeOffset LastUpdated { get; }

    public int Ttl { get; }

    public JsonElement Data { get; }

    /// <summary>The language a 2.x plain string is taken to be in.</summary>
    public string DefaultLanguage { get; set; }

    public GbfsFeedInfo Info => new(Name, Version, LastUpdated, Ttl);

    /// <summary>Parses the envelope; a wrong or unsupported version, or one of another major than expected, is refused.</summary>
    public static GbfsFile Parse(string name, JsonDocument document, GbfsVersion? expected, string defaultLanguage)
    {
        var root = document.RootElement;
        var file = name + ".json";
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new GbfsFormatException(file, "$", "the document must be a JSON object");
        }

        if (!root.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.String)
        {
            // GBFS 1.0 had no version field; 1.x is not supported.
            throw new GbfsFormatException(file, "version", "missing version (GBFS 1.x is not supported; expected 2.0-2.3 or 3.0)");
        }

        if (!GbfsVersion.TryParse(v.GetString(), out var version))
        {
            throw new GbfsFormatException(file, "version", $"unsupported version '{v.GetString()}' (expected 2.0-2.3 or 3.0)");
        }

        if (expected is { } e && e.Major != version.Major)
        {
            throw new GbfsFormatException(file, "version", $"version {version} does not match the discovery file's {e}");
        }

        var probe = new GbfsFile(name, version, default, 0, root, defaultLanguage);
        var lastUpdated = probe.Timestamp(probe.Required(root, "last_updated", "$"), "last_updated");
        var ttl = probe.NonNegativeInt(probe.Required(root, "ttl", "$"), "ttl");
        var data = probe.Required(root, "data", "$");
        if (data.ValueKind != JsonValueKind.Object)
        {
            throw new GbfsFormatException(file, "data", "must be an object");
        }

        return new GbfsFile(name, version, lastUpdated, ttl, data, defaultLanguage);
    }

    public GbfsFormatException Error(string path, string message) => new(Name + ".json", path, message);

    public JsonElement Required(JsonElement obj, string field, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "must be an object");
        }

        if (!obj.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw Error(Join(path, field), "missing required field");
        }

        return value;
    }

    public static JsonElement? Optional(JsonElement obj, string field) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string Join(string path, string field) => path == "$" ? field : $"{path}.{field}";

    public JsonElement.ArrayEnumerator Array(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Error(path, "must be an array");
        }

        return e.EnumerateArray();
    }

    public string String(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            throw Error(path, $"must be a string, not {e.ValueKind}");
        }

        return e.GetString()!;
    }

    /// <summary>An ID: a non-empty string ("Field Types: ID"); a number is refused, as the spec requires strings.</summary>
    public string Id(JsonElement e, string path)
    {
        var s = String(e, path);
        if (s.Length == 0 || s.Length > 256)
        {
            throw Error(path, "an ID must be 1-256 characters");
        }

        return s;
    }

    public bool Bool(JsonElement e, string path) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Error(path, $"must be a JSON boolean, not {e.ValueKind} (GBFS Field Types: Boolean)"),
    };

    public int NonNegativeInt(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt32(out var value) || value < 0)
        {
            throw Error(path, $"must be a non-negative integer, not {e}");
        }

        return value;
    }

    public double Number(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDouble(out var value) || !double.IsFinite(value))
        {
            throw Error(path, $"must be a number, not {e}");
        }

        return value;
    }

    public double NonNegative(JsonElement e, string path)
    {
        var value = Number(e, path);
        return value >= 0 ? value : throw Error(path, $"must not be negative ({value})");
    }

    public decimal Decimal(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDecimal(out var value))
        {
            throw Error(path, $"must be a number, not {e}");
        }

        return value;
    }

    public double Latitude(JsonElement e, string path)
    {
        var value = Number(e, path);
        return value is >= -90 and <= 90 ? value : throw Error(path, $"latitude {value} out of [-90, 90]");
    }

    public double Longitude(JsonElement e, string path)
    {
        var value = Number(e, path);
        return value is >= -180 and <= 180 ? value : throw Error(path, $"longitude {value} out of [-180, 180]");
    }

    /// <summary>A timestamp: POSIX seconds (2.x) or an RFC 3339 date-time with an offset (3.0).</summary>
    public DateTimeOffset Timestamp(JsonElement e, string path)
    {
        if (Version.IsV3)
        {
            if (e.ValueKind != JsonValueKind.String)
            {
                throw Error(path, "must be an RFC 3339 timestamp string in GBFS 3.0");
            }

            var s = e.GetString()!;
            // RFC 3339 5.6: full-date "T" full-time with a time offset (Z or +hh:mm).
            var hasOffset = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && (s[^6] == '+' || s[^6] == '-') && s[^3] == ':');
            if (s.Length < 20 || s[10] is not ('T' or 't') || !hasOffset
                || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                throw Error(path, $"'{s}' is not an RFC 3339 timestamp");
            }

            return parsed;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var seconds) || seconds < 0 || seconds > 253_402_300_799)
        {
            throw Error(path, $"must be POSIX seconds (a non-negative integer) in GBFS 2.x, not {e}");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    /// <summary>A 2.3 Datetime: an ISO 8601 date and time with its offset, as a string.</summary>
    public DateTimeOffset DateTime(JsonElement e, string path)
    {
        var s = String(e, path);
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? parsed
            : throw Error(path, $"'{s}' is not an ISO 8601 date-time");
    }

    /// <summary>A 3.0 array of Localized String objects, or a 2.x plain string in <see cref="DefaultLanguage"/>.</summary>
    public LocalizedText Localized(JsonElement e, string path)
    {
        if (!Version.IsV3)
        {
            return LocalizedText.Of(DefaultLanguage, String(e, path));
        }

        var builder = ImmutableArray.CreateBuilder<(string, string)>();
        var i = 0;
        foreach (var item in Array(e, path))
        {
            var itemPath = $"{path}[{i++}]";
            builder.Add((String(Required(item, "language", itemPath), Join(itemPath, "language")), String(Required(item, "text", itemPath), Join(itemPath, "text"))));
        }

        if (builder.Count == 0)
        {
            throw Error(path, "a localized string needs at least one translation");
        }

        return new LocalizedText(builder.ToImmutable());
    }

    public LocalizedText OptionalLocalized(JsonElement obj, string field, string path) =>
        Optional(obj, field) is { } e ? Localized(e, Join(path, field)) : LocalizedText.Empty;

    public ImmutableArray<string> IdArray(JsonElement e, string path)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        var i = 0;
        foreach (var item in Array(e, path))
        {
            builder.Add(Id(item, $"{path}[{i++}]"));
        }

        return builder.ToImmutable();
    }
}

/// <summary>The envelope of one file as read: for staleness (last_updated + ttl) and diagnostics.</summary>
public sealed record GbfsFeedInfo(string Name, GbfsVersion Version, DateTimeOffset LastUpdated, int TtlSeconds)
{
    public DateTimeOffset ExpiresAt => LastUpdated.AddSeconds(TtlSeconds);
}

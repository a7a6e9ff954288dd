using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>
/// The registry's datetime form, and the only one accepted: "YYYY-MM-DDThh:mm:ssZ" (UTC, whole seconds). One
/// spelling per instant keeps canonical bytes equal on the signing and the verifying side.
/// </summary>
public static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset t) => t.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string? text, out DateTimeOffset t)
    {
        t = default;
        return text is not null && TryParse(text.AsSpan(), out t);
    }

    /// <summary>Fixed-position parse of "YYYY-MM-DDThh:mm:ssZ" (hot path: every statement carries one).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out DateTimeOffset t)
    {
        t = default;
        if (s.Length != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z') return false;
        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day)
            || !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        t = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var c = s[i];
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    /// <summary>Drops sub-second precision, so generated instants serialize exactly.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}

/// <summary>System.Text.Json converter for <see cref="UtcTimestamp"/>.</summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[24];
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueSpan.Length > 24)
            throw new JsonException("datetime: expected UTC \"YYYY-MM-DDThh:mm:ssZ\"");
        var n = reader.CopyString(buffer);
        if (!UtcTimestamp.TryParse(buffer[..n], out var t))
            throw new JsonException("datetime: expected UTC \"YYYY-MM-DDThh:mm:ssZ\"");
        return t;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcTimestamp.ToText(value));
}

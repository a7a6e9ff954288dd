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
        if (text is not { Length: 20 }) return false;
        if (!DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt)) return false;
        t = new DateTimeOffset(dt, TimeSpan.Zero);
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
        if (reader.TokenType != JsonTokenType.String || !UtcTimestamp.TryParse(reader.GetString(), out var t))
            throw new JsonException("datetime: expected UTC \"YYYY-MM-DDThh:mm:ssZ\"");
        return t;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(UtcTimestamp.ToText(value));
}

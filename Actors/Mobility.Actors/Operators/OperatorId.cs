using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.Actors.Operators;

/// <summary>
/// The id an operator is registered under: 2 to 63 characters of lower-case ASCII letters, digits and inner hyphens
/// (a DNS label), so it is safe in URLs, persistence ids and log lines.
/// </summary>
[JsonConverter(typeof(OperatorIdJsonConverter))]
public sealed record OperatorId
{
    public const int MaxLength = 63;

    private OperatorId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out OperatorId? id)
    {
        id = null;
        if (text is null || text.Length is < 2 or > MaxLength || text[0] == '-' || text[^1] == '-')
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        id = new OperatorId(text);
        return true;
    }

    public static OperatorId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not an operator id (2-63 of a-z, 0-9 and inner '-').");

    public override string ToString() => Value;
}

/// <summary>Writes an <see cref="OperatorId"/> as its bare string.</summary>
public sealed class OperatorIdJsonConverter : JsonConverter<OperatorId>
{
    public override OperatorId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return OperatorId.TryParse(text, out var id) ? id : throw new JsonException($"'{text}' is not an operator id.");
    }

    public override void Write(Utf8JsonWriter writer, OperatorId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

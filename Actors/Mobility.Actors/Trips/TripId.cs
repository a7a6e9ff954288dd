using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mobility.Actors.Trips;

/// <summary>
/// A booking's id: <c>tr-</c> and 24 lower-case hex digits. Derived from the traveler and the request's idempotency
/// key, so a retried request reaches the same entity on any node and finds its first answer there.
/// </summary>
[JsonConverter(typeof(TripIdJsonConverter))]
public sealed record TripId
{
    private TripId(string value) => Value = value;

    public string Value { get; }

    /// <summary>The trip a traveler's request with this idempotency key creates (SHA-256, domain-separated).</summary>
    public static TripId For(TravelerId traveler, string idempotencyKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("mobility/trip/v1\n" + traveler.Value + "\n" + idempotencyKey));
        return new TripId("tr-" + Convert.ToHexStringLower(hash, 0, 12));
    }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TripId? id)
    {
        id = text is { Length: 27 } && text.StartsWith("tr-", StringComparison.Ordinal) && text.AsSpan(3).ContainsAnyExcept("0123456789abcdef") is false
            ? new TripId(text)
            : null;
        return id is not null;
    }

    public override string ToString() => Value;
}

/// <summary>A traveler account id (the tenant of a traveler token): 2-63 of a-z, 0-9 and inner '-'.</summary>
[JsonConverter(typeof(TravelerIdJsonConverter))]
public sealed record TravelerId
{
    private TravelerId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out TravelerId? id)
    {
        id = Operators.OperatorId.TryParse(text, out _) ? new TravelerId(text) : null; // Same label rules as operator ids.
        return id is not null;
    }

    public static TravelerId Parse(string text) => TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a traveler id.");

    public override string ToString() => Value;
}

public sealed class TripIdJsonConverter : JsonConverter<TripId>
{
    public override TripId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TripId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a trip id.");

    public override void Write(Utf8JsonWriter writer, TripId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

public sealed class TravelerIdJsonConverter : JsonConverter<TravelerId>
{
    public override TravelerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TravelerId.TryParse(reader.GetString(), out var id) ? id : throw new JsonException("Not a traveler id.");

    public override void Write(Utf8JsonWriter writer, TravelerId value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}

using System.Globalization;
using System.Text.Json;
using Mobility.Routing.Matching.Carpool;

namespace Mobility.Routing.Planning.Carpool;

/// <summary>
/// Reads offers from JSON: an array of objects
/// <c>{"id","operator","origin":{"lat","lon"},"destination":{"lat","lon"},"departure_earliest","departure_latest",
/// "seats","max_detour_minutes","max_ride_minutes","price":{"base","per_km","currency"}}</c>, times ISO-8601 with
/// offset. A malformed offer is reported as <c>file: offers[i].field: reason</c> and nothing is returned; offers that
/// parse but break the rules (past departure, no seat...) are refused later by <see cref="CarpoolOfferBook.Build"/>.
/// </summary>
public static class CarpoolOfferFile
{
    public const long MaxBytes = 64L << 20;

    public static IReadOnlyList<CarpoolOffer> Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FormatException($"{path}: file not found");
        }

        if (info.Length > MaxBytes)
        {
            throw new FormatException($"{path}: larger than {MaxBytes} bytes");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not JSON: {ex.Message}", ex);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{path}: $: expected an array of offers");
            }

            var result = new List<CarpoolOffer>();
            var i = 0;
            foreach (var o in doc.RootElement.EnumerateArray())
            {
                var at = $"{path}: offers[{i++}]";
                result.Add(new CarpoolOffer(
                    new DriverOffer(new OfferId(Str(o, "id", at)), Str(o, "operator", at), Point(o, "origin", at), Point(o, "destination", at),
                        Time(o, "departure_earliest", at), Time(o, "departure_latest", at), (int)Num(o, "seats", at),
                        TimeSpan.FromMinutes(Num(o, "max_detour_minutes", at)), TimeSpan.FromMinutes(Num(o, "max_ride_minutes", at))),
                    Price(o, at)));
            }

            return result;
        }
    }

    private static JsonElement Get(JsonElement o, string name, string at) =>
        o.ValueKind == JsonValueKind.Object && o.TryGetProperty(name, out var v) ? v : throw new FormatException($"{at}.{name}: required");

    private static string Str(JsonElement o, string name, string at) =>
        Get(o, name, at) is { ValueKind: JsonValueKind.String } v && v.GetString() is { Length: > 0 and <= 200 } s ? s : throw new FormatException($"{at}.{name}: expected a string of 1 to 200 characters");

    private static double Num(JsonElement o, string name, string at) =>
        Get(o, name, at) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out var d) && double.IsFinite(d) && Math.Abs(d) < 1e6 ? d : throw new FormatException($"{at}.{name}: expected a number");

    private static GeoPoint Point(JsonElement o, string name, string at)
    {
        var p = Get(o, name, at);
        return new GeoPoint(Num(p, "lat", $"{at}.{name}"), Num(p, "lon", $"{at}.{name}"));
    }

    private static DateTimeOffset Time(JsonElement o, string name, string at) =>
        DateTimeOffset.TryParse(Str(o, name, at), CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : throw new FormatException($"{at}.{name}: expected an ISO-8601 time with offset");

    private static CarpoolPrice Price(JsonElement o, string at)
    {
        var p = Get(o, "price", at);
        return new CarpoolPrice((decimal)Num(p, "base", at + ".price"), (decimal)Num(p, "per_km", at + ".price"), Str(p, "currency", at + ".price"));
    }
}

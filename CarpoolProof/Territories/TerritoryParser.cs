using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Territories;

/// <summary>
/// Reads a territory as the platform operator registers it:
/// <c>{"code": "lyon", "name": "Métropole de Lyon", "geometry": {GeoJSON Polygon or MultiPolygon}}</c>. The geometry
/// follows the campaign zones' rules (RFC 7946 3.1.6: closed rings of at least 4 positions, longitude then latitude
/// within [-180, 180] x [-90, 90], no ring crossing itself, holes after the exterior ring), read by the same code;
/// a territory is bounded further, in bytes and in positions, before any ring is checked. Every problem is reported
/// at its JSON path, and nothing is registered unless there is none.
/// </summary>
public static class TerritoryParser
{
    /// <summary>The largest body read (a detailed regional boundary fits with room to spare).</summary>
    public const int MaxDocumentBytes = 2 * 1024 * 1024;

    /// <summary>Positions over every ring of the territory: bounds the memory each node keeps and the time of the
    /// ring checks (quadratic per ring, at most <see cref="Campaigns.Geography.RingValidation.MaxPositions"/> a ring).</summary>
    public const int MaxPositions = 20_000;

    /// <summary>Polygons of a MultiPolygon (islands, exclaves).</summary>
    public const int MaxPolygons = 100;

    public const int MaxNameLength = 200;

    public static (Territory? Territory, IReadOnlyList<CampaignError> Errors) TryParse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxDocumentBytes)
        {
            return (null, [new CampaignError("$", $"the territory exceeds {MaxDocumentBytes} bytes")]);
        }

        JsonDocument doc;
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 16 });
            doc = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            return (null, [new CampaignError("$", "not JSON: " + e.Message)]);
        }

        using (doc)
        {
            var w = new JsonWalker();
            var root = doc.RootElement;
            if (!w.Object(root, "$", "code", "name", "geometry"))
            {
                return (null, w.Errors);
            }

            var code = w.String(root, "code", "$", true, maxLength: 63);
            if (code is not null && !Territory.IsCode(code))
            {
                w.Error("$.code", $"'{code}' is not a territory code (2-63 of a-z, 0-9 and inner '-', as the authority's tenant id)");
                code = null;
            }

            var name = w.String(root, "name", "$", true, maxLength: MaxNameLength);
            if (name is not null && (name.Trim().Length == 0 || name.Any(char.IsControl)))
            {
                w.Error("$.name", "1 to 200 printable characters");
                name = null;
            }

            Campaigns.Geography.GeoMultiPolygon? area = null;
            if (w.Field(root, "geometry", "$", true) is { } geometry)
            {
                var positions = CountPositions(geometry, 0);
                var polygons = PolygonCount(geometry);
                if (positions > MaxPositions)
                {
                    w.Error("$.geometry.coordinates", $"{positions} positions; a territory has at most {MaxPositions} (simplify the boundary)");
                }
                else if (polygons > MaxPolygons)
                {
                    w.Error("$.geometry.coordinates", $"{polygons} polygons; a territory has at most {MaxPolygons}");
                }
                else
                {
                    area = CampaignParser.ReadGeometry(w, geometry, "$.geometry");
                }
            }

            if (w.Errors.Count > 0 || code is null || name is null || area is null)
            {
                return (null, w.Errors.Count > 0 ? w.Errors : [new CampaignError("$", "not a territory")]);
            }

            return (new Territory(code, name.Trim(), area, Canonical(root)), []);
        }
    }

    /// <summary>The geometry as registered, re-serialized compactly: what nodes receive and what the API answers.</summary>
    private static string Canonical(JsonElement root) => root.GetProperty("geometry").GetRawText();

    /// <summary>Arrays of numbers (positions) under <paramref name="e"/>, counted without building anything.</summary>
    private static int CountPositions(JsonElement e, int depth)
    {
        if (e.ValueKind == JsonValueKind.Object)
        {
            return e.TryGetProperty("coordinates", out var c) ? CountPositions(c, depth + 1) : 0;
        }

        if (e.ValueKind != JsonValueKind.Array || depth > 6)
        {
            return 0;
        }

        var count = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Number)
            {
                return 1;
            }

            count += CountPositions(item, depth + 1);
            if (count > MaxPositions)
            {
                break; // Enough to refuse.
            }
        }

        return count;
    }

    private static int PolygonCount(JsonElement geometry) =>
        geometry.ValueKind == JsonValueKind.Object && geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
        && t.GetString() == "MultiPolygon" && geometry.TryGetProperty("coordinates", out var c) && c.ValueKind == JsonValueKind.Array
            ? c.GetArrayLength()
            : 1;
}

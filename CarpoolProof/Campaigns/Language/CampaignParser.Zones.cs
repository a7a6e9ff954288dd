using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Geography;

namespace Mobility.CarpoolProof.Campaigns.Language;

public static partial class CampaignParser
{
    private static readonly Dictionary<string, ZoneMode> Modes = new(StringComparer.Ordinal)
    {
        ["starts_in"] = ZoneMode.StartsIn,
        ["ends_in"] = ZoneMode.EndsIn,
        ["starts_and_ends_in"] = ZoneMode.StartsAndEndsIn,
        ["starts_or_ends_in"] = ZoneMode.StartsOrEndsIn,
        ["stays_within_one"] = ZoneMode.StaysWithinOne,
    };

    private static Dictionary<string, Zone> ReadZones(JsonWalker w, JsonElement root)
    {
        var zones = new Dictionary<string, Zone>(StringComparer.Ordinal);
        if (w.Field(root, "zones", "$", false) is not { } obj)
        {
            return zones;
        }
        if (obj.ValueKind != JsonValueKind.Object)
        {
            w.Error("$.zones", $"expected an object mapping zone names to zones, found {JsonWalker.Kind(obj)}");
            return zones;
        }
        foreach (var z in obj.EnumerateObject())
        {
            var path = $"$.zones.{z.Name}";
            if (!TokenPattern().IsMatch(z.Name))
            {
                w.Error(path, "a zone name is 1-128 letters, digits, '.', '_' or '-'");
                continue;
            }
            if (zones.ContainsKey(z.Name))
            {
                w.Error(path, "duplicate zone");
                continue;
            }
            if (!w.Object(z.Value, path, "geometry", "codes"))
            {
                continue;
            }
            var geometry = w.Field(z.Value, "geometry", path, false) is { } g ? ReadGeometry(w, g, $"{path}.geometry") : null;
            HashSet<string>? codes = null;
            if (w.Array(z.Value, "codes", path, false, 10_000, 1) is { } items)
            {
                codes = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (item, p) in items)
                {
                    if (item.ValueKind != JsonValueKind.String || !TokenPattern().IsMatch(item.GetString()!))
                    {
                        w.Error(p, "a zone code is a string of 1-128 letters, digits, '.', '_' or '-'");
                    }
                    else if (!codes.Add(item.GetString()!))
                    {
                        w.Error(p, "duplicate code");
                    }
                }
            }
            if (!JsonWalker.Has(z.Value, "geometry") && !JsonWalker.Has(z.Value, "codes"))
            {
                w.Error(path, "a zone needs a geometry, codes, or both");
            }
            zones[z.Name] = new Zone(z.Name, geometry, codes);
        }
        return zones;
    }

    /// <summary>A GeoJSON Polygon or MultiPolygon geometry (RFC 7946 3.1.6, 3.1.7). Also reads a territory's area
    /// (<see cref="Mobility.CarpoolProof.Territories.TerritoryParser"/>): one reader, one set of ring rules.</summary>
    internal static GeoMultiPolygon? ReadGeometry(JsonWalker w, JsonElement g, string path)
    {
        if (!w.Object(g, path, "type", "coordinates"))
        {
            return null;
        }
        var type = w.String(g, "type", path, true);
        if (w.Field(g, "coordinates", path, true) is not { } coords)
        {
            return null;
        }
        var cp = $"{path}.coordinates";
        var polygons = new List<IReadOnlyList<IReadOnlyList<(double, double)>>>();
        switch (type)
        {
            case "Polygon":
                if (ReadPolygon(w, coords, cp) is { } one)
                {
                    polygons.Add(one);
                }
                break;
            case "MultiPolygon":
                if (coords.ValueKind != JsonValueKind.Array || coords.GetArrayLength() == 0)
                {
                    w.Error(cp, "a MultiPolygon's coordinates are a non-empty array of polygons");
                    return null;
                }
                var i = 0;
                foreach (var poly in coords.EnumerateArray())
                {
                    if (ReadPolygon(w, poly, $"{cp}[{i++}]") is { } p)
                    {
                        polygons.Add(p);
                    }
                }
                break;
            case null:
                return null;
            default:
                w.Error($"{path}.type", $"'{type}' is not Polygon or MultiPolygon");
                return null;
        }
        var before = w.Errors.Count;
        return polygons.Count > 0 && before == w.Errors.Count ? new GeoMultiPolygon(polygons) : null;
    }

    private static List<IReadOnlyList<(double, double)>>? ReadPolygon(JsonWalker w, JsonElement rings, string path)
    {
        if (rings.ValueKind != JsonValueKind.Array || rings.GetArrayLength() == 0 || rings.GetArrayLength() > 1000)
        {
            w.Error(path, "a polygon is an array of 1 to 1000 linear rings");
            return null;
        }
        var result = new List<IReadOnlyList<(double, double)>>();
        var r = 0;
        foreach (var ring in rings.EnumerateArray())
        {
            var rp = $"{path}[{r++}]";
            if (ring.ValueKind != JsonValueKind.Array)
            {
                w.Error(rp, "a linear ring is an array of positions");
                return null;
            }
            var positions = new List<(double, double)>();
            var k = 0;
            foreach (var pos in ring.EnumerateArray())
            {
                if (pos.ValueKind != JsonValueKind.Array || pos.GetArrayLength() is < 2 or > 3
                    || pos[0].ValueKind != JsonValueKind.Number || pos[1].ValueKind != JsonValueKind.Number)
                {
                    w.Error($"{rp}[{k}]", "a position is [longitude, latitude]");
                    return null;
                }
                positions.Add((pos[0].GetDouble(), pos[1].GetDouble()));
                k++;
            }
            if (RingValidation.Problem(positions) is { } problem)
            {
                w.Error(rp, problem);
                return null;
            }
            result.Add(positions);
        }
        return result;
    }

    private static ZonePredicate? ReadPredicate(JsonWalker w, JsonElement e, string path, Dictionary<string, Zone> zones)
    {
        if (!w.Object(e, path, "mode", "zones"))
        {
            return null;
        }
        var modeName = w.String(e, "mode", path, true);
        ZoneMode mode = default;
        if (modeName is not null && !Modes.TryGetValue(modeName, out mode))
        {
            w.Error($"{path}.mode", $"'{modeName}' is not one of {string.Join(", ", Modes.Keys)}");
            modeName = null;
        }
        var list = new List<Zone>();
        foreach (var (item, p) in w.Array(e, "zones", path, true, 256, 1) ?? [])
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
            if (name is null || !zones.TryGetValue(name, out var zone))
            {
                w.Error(p, $"{item.GetRawText()} is not a zone defined under $.zones");
            }
            else if (list.Contains(zone))
            {
                w.Error(p, "zone listed twice");
            }
            else
            {
                list.Add(zone);
            }
        }
        return modeName is null || list.Count == 0 ? null : new ZonePredicate(mode, list);
    }
}

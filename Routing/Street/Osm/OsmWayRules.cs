using System.Globalization;

namespace Mobility.Routing.Street.Osm;

/// <summary>
/// Turns the tags of an OSM way into per-profile access, direction and speed. The rules follow the OSM wiki pages
/// Key:access (the transport-mode hierarchy access &gt; vehicle &gt; motor_vehicle &gt; motorcar, and foot, bicycle),
/// Key:oneway (yes/true/1, -1/reverse, implied on motorways and roundabouts, oneway:bicycle) and Key:maxspeed.
/// </summary>
public static class OsmWayRules
{
    private static readonly HashSet<string> WalkHighways =
    [
        "footway", "pedestrian", "path", "steps", "living_street", "residential", "service", "unclassified",
        "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link", "trunk", "trunk_link",
        "track", "cycleway", "bridleway", "corridor", "road", "platform",
    ];

    private static readonly HashSet<string> BikeHighways =
    [
        "cycleway", "path", "living_street", "residential", "service", "unclassified", "tertiary", "tertiary_link",
        "secondary", "secondary_link", "primary", "primary_link", "trunk", "trunk_link", "track", "road",
    ];

    /// <summary>
    /// Average car speeds in km/h by highway class when no usable maxspeed is tagged: the values a maintained car profile
    /// uses (OSRM's car.lua), slower than legal limits because traffic, bends and junctions slow cars down.
    /// </summary>
    private static readonly Dictionary<string, double> CarClassSpeedKmh = new(StringComparer.Ordinal)
    {
        ["motorway"] = 90, ["motorway_link"] = 45, ["trunk"] = 85, ["trunk_link"] = 40,
        ["primary"] = 65, ["primary_link"] = 30, ["secondary"] = 55, ["secondary_link"] = 25,
        ["tertiary"] = 40, ["tertiary_link"] = 20, ["unclassified"] = 25, ["residential"] = 25,
        ["living_street"] = 10, ["service"] = 15, ["road"] = 25,
    };

    /// <summary>Access values that forbid a mode (Key:access). "destination" and "customers" stay allowed.</summary>
    private static readonly HashSet<string> Denied =
        ["no", "private", "agricultural", "forestry", "emergency", "psv", "military", "delivery", "use_sidepath", "discouraged"];

    private static readonly HashSet<string> Allowed = ["yes", "designated", "permissive", "destination", "customers", "official", "dismount"];

    /// <summary>Evaluates the tags (through <paramref name="tag"/>, which returns null when a key is absent).</summary>
    public static WayAccess Evaluate(Func<string, string?> tag, StreetBuildOptions options)
    {
        var highway = tag("highway");
        if (highway is null || tag("area") == "yes" && highway != "pedestrian")
        {
            return default;
        }

        return new WayAccess(Walk(highway, tag, options), Bike(highway, tag, options), Car(highway, tag, options));
    }

    private static ProfileAccess Walk(string highway, Func<string, string?> tag, StreetBuildOptions options)
    {
        var allowed = ModeAccess(tag, ["foot"], WalkHighways.Contains(highway));
        if (!allowed)
        {
            return default;
        }

        var speed = (float)(highway == "steps" ? options.WalkSpeedMps * 0.5 : options.WalkSpeedMps);
        return Directed(OnewayValue(tag("oneway:foot")), speed);
    }

    private static ProfileAccess Bike(string highway, Func<string, string?> tag, StreetBuildOptions options)
    {
        var byClass = BikeHighways.Contains(highway);
        var allowed = ModeAccess(tag, ["vehicle", "bicycle"], byClass);
        if (!allowed)
        {
            return default;
        }

        // bicycle=dismount: the way may be used pushing the bike, at walking speed (Key:bicycle).
        var speed = (float)(tag("bicycle") == "dismount" ? options.WalkSpeedMps : options.BikeSpeedMps);
        var own = tag("oneway:bicycle");
        if (own is not null)
        {
            return Directed(OnewayValue(own), speed);
        }

        // cycleway=opposite* marks contraflow cycling on a oneway street (Key:cycleway).
        if (IsOpposite(tag("cycleway")) || IsOpposite(tag("cycleway:left")) || IsOpposite(tag("cycleway:right")))
        {
            return Directed(0, speed);
        }

        return Directed(GeneralOneway(highway, tag), speed);
    }

    private static ProfileAccess Car(string highway, Func<string, string?> tag, StreetBuildOptions options)
    {
        var byClass = CarClassSpeedKmh.ContainsKey(highway);
        var allowed = ModeAccess(tag, ["vehicle", "motor_vehicle", "motorcar"], byClass);
        if (!allowed)
        {
            return default;
        }

        var kmh = ParseMaxSpeedKmh(tag("maxspeed")) is { } limit
            ? Math.Max(5, limit * options.CarMaxSpeedFactor)
            : CarClassSpeedKmh.TryGetValue(highway, out var s) ? s : 20;
        return Directed(GeneralOneway(highway, tag), (float)(kmh / 3.6));
    }

    /// <summary>
    /// Applies the access hierarchy: the most specific tag present among access and the given keys (ordered from
    /// general to specific) decides; without any, the highway class decides.
    /// </summary>
    private static bool ModeAccess(Func<string, string?> tag, string[] keys, bool byClass)
    {
        var decision = byClass;
        foreach (var key in (ReadOnlySpan<string>)["access", .. keys])
        {
            var value = tag(key);
            if (value is null)
            {
                continue;
            }

            if (Denied.Contains(value))
            {
                decision = false;
            }
            else if (Allowed.Contains(value))
            {
                decision = true;
            }
        }

        return decision;
    }

    private static int GeneralOneway(string highway, Func<string, string?> tag)
    {
        var value = tag("oneway");
        if (value is not null)
        {
            return OnewayValue(value);
        }

        var junction = tag("junction");
        return highway is "motorway" or "motorway_link" || junction is "roundabout" or "circular" ? 1 : 0;
    }

    /// <summary>1 along the way, -1 against it, 0 both ways (Key:oneway).</summary>
    private static int OnewayValue(string? value) => value switch
    {
        "yes" or "true" or "1" => 1,
        "-1" or "reverse" => -1,
        _ => 0,
    };

    private static bool IsOpposite(string? value) => value is not null && value.StartsWith("opposite", StringComparison.Ordinal);

    private static ProfileAccess Directed(int oneway, float speed) => new(oneway >= 0, oneway <= 0, speed);

    /// <summary>Parses maxspeed: "50", "30 mph", "walk", zone values like "DE:zone30" or "US:urban"; null when unusable.</summary>
    public static double? ParseMaxSpeedKmh(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim().ToLowerInvariant();
        if (text == "walk")
        {
            return 6;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            var kind = text[(colon + 1)..];
            return kind switch
            {
                "urban" => 50,
                "rural" => 90,
                "motorway" => 120,
                "living_street" => 10,
                _ when kind.StartsWith("zone", StringComparison.Ordinal) => ParseNumber(kind[4..], 1),
                _ => null,
            };
        }

        if (text.EndsWith("mph", StringComparison.Ordinal))
        {
            return ParseNumber(text[..^3], 1.609344);
        }

        if (text.EndsWith("km/h", StringComparison.Ordinal))
        {
            return ParseNumber(text[..^4], 1);
        }

        return ParseNumber(text, 1);
    }

    private static double? ParseNumber(string text, double factor) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 && v < 400
            ? v * factor
            : null;
}

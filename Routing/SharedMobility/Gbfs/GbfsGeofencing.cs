using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>A geofencing zone: its area, optional active period and the rules inside it.</summary>
public sealed record GeofencingZone(LocalizedText Name, MultiPolygon Area, DateTimeOffset? Start, DateTimeOffset? End, ImmutableArray<GeofencingRule> Rules)
{
    public bool IsActive(DateTimeOffset at) => (Start is null || at >= Start) && (End is null || at < End);
}

/// <summary>
/// geofencing_zones.json with the precedence of GBFS "Geofencing Rule Precedence": the first active zone (file order)
/// that contains the point and has a rule for the vehicle type wins, its first matching rule applies; elsewhere the
/// first matching global rule (3.0); elsewhere no restriction. 2.x has no global rules.
/// </summary>
public sealed record GbfsGeofencing(ImmutableArray<GeofencingZone> Zones, ImmutableArray<GeofencingRule> GlobalRules)
{
    public static readonly GbfsGeofencing None = new([], []);

    public GeofencingRule RuleAt(double latitude, double longitude, VehicleTypeId? type, DateTimeOffset at)
    {
        foreach (var zone in Zones)
        {
            if (!zone.IsActive(at) || !zone.Area.Contains(latitude, longitude))
            {
                continue;
            }

            foreach (var rule in zone.Rules)
            {
                if (rule.AppliesTo(type))
                {
                    return rule;
                }
            }
        }

        foreach (var rule in GlobalRules)
        {
            if (rule.AppliesTo(type))
            {
                return rule;
            }
        }

        return GeofencingRule.Unrestricted;
    }

    public bool CanStartRide(double latitude, double longitude, VehicleTypeId? type, DateTimeOffset at) => RuleAt(latitude, longitude, type, at).RideStartAllowed;

    public bool CanEndRide(double latitude, double longitude, VehicleTypeId? type, DateTimeOffset at) => RuleAt(latitude, longitude, type, at).RideEndAllowed;

    public bool CanRideThrough(double latitude, double longitude, VehicleTypeId? type, DateTimeOffset at) => RuleAt(latitude, longitude, type, at).RideThroughAllowed;

    internal static GbfsGeofencing Parse(GbfsFile f)
    {
        var collection = f.Required(f.Data, "geofencing_zones", "$");
        var type = f.String(f.Required(collection, "type", "geofencing_zones"), "geofencing_zones.type");
        if (type != "FeatureCollection")
        {
            throw f.Error("geofencing_zones.type", $"must be FeatureCollection, not '{type}'");
        }

        var zones = ImmutableArray.CreateBuilder<GeofencingZone>();
        var i = 0;
        foreach (var feature in f.Array(f.Required(collection, "features", "geofencing_zones"), "geofencing_zones.features"))
        {
            var path = $"geofencing_zones.features[{i++}]";
            var area = MultiPolygon.Parse(f, f.Required(feature, "geometry", path), path + ".geometry");
            var properties = f.Required(feature, "properties", path);
            var pp = path + ".properties";
            var rules = GbfsFile.Optional(properties, "rules") is { } r ? GeofencingRule.ParseAll(f, r, pp + ".rules") : [];
            zones.Add(new GeofencingZone(
                f.OptionalLocalized(properties, "name", pp), area,
                GbfsFile.Optional(properties, "start") is { } s ? f.Timestamp(s, pp + ".start") : null,
                GbfsFile.Optional(properties, "end") is { } e ? f.Timestamp(e, pp + ".end") : null,
                rules));
        }

        ImmutableArray<GeofencingRule> global = [];
        if (f.Version.IsV3)
        {
            // 3.0: global_rules is REQUIRED.
            global = GeofencingRule.ParseAll(f, f.Required(f.Data, "global_rules", "$"), "global_rules");
        }

        return new GbfsGeofencing(zones.ToImmutable(), global);
    }
}

using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// A geofencing Rule object. 3.0 has ride_start_allowed and ride_end_allowed; 2.x has one ride_allowed that covers
/// both (a ride may neither start nor end in the zone when false). An empty type list applies to every vehicle type.
/// </summary>
public sealed record GeofencingRule(
    ImmutableArray<VehicleTypeId> VehicleTypeIds, bool RideStartAllowed, bool RideEndAllowed, bool RideThroughAllowed,
    int? MaximumSpeedKph, bool StationParking)
{
    /// <summary>What applies where no zone and no global rule speaks: everything allowed (GBFS: no geofencing, no restriction).</summary>
    public static readonly GeofencingRule Unrestricted = new([], true, true, true, null, false);

    public bool AppliesTo(VehicleTypeId? type) => VehicleTypeIds.IsDefaultOrEmpty || (type is { } t && VehicleTypeIds.Contains(t));

    internal static ImmutableArray<GeofencingRule> ParseAll(GbfsFile f, System.Text.Json.JsonElement array, string path)
    {
        var result = ImmutableArray.CreateBuilder<GeofencingRule>();
        var i = 0;
        foreach (var r in f.Array(array, path))
        {
            var rp = $"{path}[{i++}]";
            var typesField = f.Version.IsV3 ? "vehicle_type_ids" : "vehicle_type_id";
            var types = GbfsFile.Optional(r, typesField) is { } t
                ? [.. f.IdArray(t, $"{rp}.{typesField}").Select(x => new VehicleTypeId(x))]
                : ImmutableArray<VehicleTypeId>.Empty;
            bool start, end;
            if (f.Version.IsV3)
            {
                start = f.Bool(f.Required(r, "ride_start_allowed", rp), rp + ".ride_start_allowed");
                end = f.Bool(f.Required(r, "ride_end_allowed", rp), rp + ".ride_end_allowed");
            }
            else
            {
                start = end = f.Bool(f.Required(r, "ride_allowed", rp), rp + ".ride_allowed");
            }

            result.Add(new GeofencingRule(
                types, start, end, f.Bool(f.Required(r, "ride_through_allowed", rp), rp + ".ride_through_allowed"),
                GbfsFile.Optional(r, "maximum_speed_kph") is { } s ? f.NonNegativeInt(s, rp + ".maximum_speed_kph") : null,
                GbfsFile.Optional(r, "station_parking") is { } sp && f.Bool(sp, rp + ".station_parking")));
        }

        return result.ToImmutable();
    }
}

using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// A vehicle from vehicle_status.json (3.0, <c>vehicles[].vehicle_id</c>) or free_bike_status.json (2.x,
/// <c>bikes[].bike_id</c>). It is free-floating when it has a position and no station.
/// </summary>
public sealed record GbfsVehicle(
    string Id, VehicleTypeId? TypeId, double? Latitude, double? Longitude, bool IsReserved, bool IsDisabled,
    double? CurrentRangeMeters, double? CurrentFuelPercent, GbfsStationId? StationId, PricingPlanId? PricingPlanId,
    DateTimeOffset? LastReported, DateTimeOffset? AvailableUntil)
{
    public bool IsFreeFloating => StationId is null && Latitude is not null && Longitude is not null;

    public bool IsAvailable => !IsReserved && !IsDisabled;

    internal static ImmutableArray<GbfsVehicle> ParseAll(GbfsFile f)
    {
        var (list, idField) = f.Version.IsV3 ? ("vehicles", "vehicle_id") : ("bikes", "bike_id");
        var result = ImmutableArray.CreateBuilder<GbfsVehicle>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var v in f.Array(f.Required(f.Data, list, "$"), list))
        {
            var path = $"{list}[{i++}]";
            var id = f.Id(f.Required(v, idField, path), $"{path}.{idField}");
            if (!seen.Add(id))
            {
                throw f.Error($"{path}.{idField}", $"duplicate {idField} '{id}'");
            }

            double? lat = GbfsFile.Optional(v, "lat") is { } la ? f.Latitude(la, path + ".lat") : null;
            double? lon = GbfsFile.Optional(v, "lon") is { } lo ? f.Longitude(lo, path + ".lon") : null;
            GbfsStationId? station = GbfsFile.Optional(v, "station_id") is { } st ? new GbfsStationId(f.Id(st, path + ".station_id")) : null;
            if ((lat is null) != (lon is null))
            {
                throw f.Error(path, "lat and lon come together");
            }

            if (lat is null && station is null)
            {
                // 3.0 vehicle_status: lat/lon are REQUIRED unless station_id is given.
                throw f.Error(path + ".lat", "missing position: lat/lon are required when station_id is absent");
            }

            double? fuel = GbfsFile.Optional(v, "current_fuel_percent") is { } fp ? f.NonNegative(fp, path + ".current_fuel_percent") : null;
            if (fuel > 1)
            {
                throw f.Error(path + ".current_fuel_percent", $"must be within [0, 1], not {fuel}");
            }

            result.Add(new GbfsVehicle(
                id,
                GbfsFile.Optional(v, "vehicle_type_id") is { } t ? new VehicleTypeId(f.Id(t, path + ".vehicle_type_id")) : null,
                lat, lon,
                f.Bool(f.Required(v, "is_reserved", path), path + ".is_reserved"),
                f.Bool(f.Required(v, "is_disabled", path), path + ".is_disabled"),
                GbfsFile.Optional(v, "current_range_meters") is { } r ? f.NonNegative(r, path + ".current_range_meters") : null,
                fuel, station,
                GbfsFile.Optional(v, "pricing_plan_id") is { } p ? new PricingPlanId(f.Id(p, path + ".pricing_plan_id")) : null,
                GbfsFile.Optional(v, "last_reported") is { } lr ? f.Timestamp(lr, path + ".last_reported") : null,
                GbfsFile.Optional(v, "available_until") is { } au ? (f.Version.IsV3 ? f.Timestamp(au, path + ".available_until") : f.DateTime(au, path + ".available_until")) : null));
        }

        return result.ToImmutable();
    }
}

using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>A station from station_information.json with its live <see cref="Status"/> from station_status.json (null if absent).</summary>
public sealed record GbfsStation(
    GbfsStationId Id, LocalizedText Name, double Latitude, double Longitude, int? Capacity, bool IsVirtual,
    ImmutableDictionary<VehicleTypeId, int> DockCapacityByType, GbfsStationStatus? Status)
{
    internal static ImmutableArray<GbfsStation> ParseInformation(GbfsFile f)
    {
        var result = ImmutableArray.CreateBuilder<GbfsStation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var i = 0;
        foreach (var s in f.Array(f.Required(f.Data, "stations", "$"), "stations"))
        {
            var path = $"stations[{i++}]";
            var id = f.Id(f.Required(s, "station_id", path), path + ".station_id");
            if (!seen.Add(id))
            {
                throw f.Error(path + ".station_id", $"duplicate station_id '{id}'");
            }

            var name = f.Localized(f.Required(s, "name", path), path + ".name");
            var lat = f.Latitude(f.Required(s, "lat", path), path + ".lat");
            var lon = f.Longitude(f.Required(s, "lon", path), path + ".lon");
            int? capacity = GbfsFile.Optional(s, "capacity") is { } c ? f.NonNegativeInt(c, path + ".capacity") : null;
            var isVirtual = GbfsFile.Optional(s, "is_virtual_station") is { } v && f.Bool(v, path + ".is_virtual_station");

            // 3.0 vehicle_type_dock_capacity is an array of {vehicle_type_id, count}; 2.1-2.3 vehicle_type_capacity an object.
            var docks = ImmutableDictionary.CreateBuilder<VehicleTypeId, int>();
            if (GbfsFile.Optional(s, "vehicle_type_dock_capacity") is { } dc)
            {
                var k = 0;
                foreach (var item in f.Array(dc, path + ".vehicle_type_dock_capacity"))
                {
                    var ip = $"{path}.vehicle_type_dock_capacity[{k++}]";
                    docks[new VehicleTypeId(f.Id(f.Required(item, "vehicle_type_id", ip), ip + ".vehicle_type_id"))] =
                        f.NonNegativeInt(f.Required(item, "count", ip), ip + ".count");
                }
            }
            else if (GbfsFile.Optional(s, "vehicle_type_capacity") is { ValueKind: System.Text.Json.JsonValueKind.Object } tc)
            {
                foreach (var p in tc.EnumerateObject())
                {
                    docks[new VehicleTypeId(p.Name)] = f.NonNegativeInt(p.Value, $"{path}.vehicle_type_capacity.{p.Name}");
                }
            }

            result.Add(new GbfsStation(new GbfsStationId(id), name, lat, lon, capacity, isVirtual, docks.ToImmutable(), null));
        }

        return result.ToImmutable();
    }

    /// <summary>Vehicles of a type ready to rent here: the per-type count when published, else the total.</summary>
    public int AvailableFor(VehicleTypeId type) =>
        Status is not { IsRenting: true, IsInstalled: true } s ? 0
        : s.VehiclesByType.IsEmpty ? s.VehiclesAvailable : s.VehiclesByType.GetValueOrDefault(type);

    /// <summary>Free docks for a type: the per-type counts when published, else the total (a virtual station: unbounded).</summary>
    public int DocksFor(VehicleTypeId type)
    {
        if (Status is not { IsReturning: true, IsInstalled: true } s)
        {
            return 0;
        }

        if (s.DocksByType.IsEmpty)
        {
            return s.DocksAvailable ?? (IsVirtual ? int.MaxValue : 0);
        }

        return s.DocksByType.Where(d => d.VehicleTypeIds.Contains(type)).Sum(d => d.Count);
    }
}

/// <summary>Free docks usable by any of the listed vehicle types (station_status vehicle_docks_available).</summary>
public sealed record DockAvailability(ImmutableArray<VehicleTypeId> VehicleTypeIds, int Count);

/// <summary>station_status.json, normalized: 2.x num_bikes_* and 3.0 num_vehicles_* become Vehicles*.</summary>
public sealed record GbfsStationStatus(
    bool IsInstalled, bool IsRenting, bool IsReturning, int VehiclesAvailable, int VehiclesDisabled, int? DocksAvailable,
    int DocksDisabled, ImmutableDictionary<VehicleTypeId, int> VehiclesByType, ImmutableArray<DockAvailability> DocksByType,
    DateTimeOffset LastReported)
{
    internal static Dictionary<string, GbfsStationStatus> ParseAll(GbfsFile f)
    {
        var result = new Dictionary<string, GbfsStationStatus>(StringComparer.Ordinal);
        var available = f.Version.IsV3 ? "num_vehicles_available" : "num_bikes_available";
        var disabled = f.Version.IsV3 ? "num_vehicles_disabled" : "num_bikes_disabled";
        var i = 0;
        foreach (var s in f.Array(f.Required(f.Data, "stations", "$"), "stations"))
        {
            var path = $"stations[{i++}]";
            var id = f.Id(f.Required(s, "station_id", path), path + ".station_id");
            var byType = ImmutableDictionary.CreateBuilder<VehicleTypeId, int>();
            if (GbfsFile.Optional(s, "vehicle_types_available") is { } vta)
            {
                var k = 0;
                foreach (var item in f.Array(vta, path + ".vehicle_types_available"))
                {
                    var ip = $"{path}.vehicle_types_available[{k++}]";
                    byType[new VehicleTypeId(f.Id(f.Required(item, "vehicle_type_id", ip), ip + ".vehicle_type_id"))] =
                        f.NonNegativeInt(f.Required(item, "count", ip), ip + ".count");
                }
            }

            var docks = ImmutableArray.CreateBuilder<DockAvailability>();
            if (GbfsFile.Optional(s, "vehicle_docks_available") is { } vda)
            {
                var k = 0;
                foreach (var item in f.Array(vda, path + ".vehicle_docks_available"))
                {
                    var ip = $"{path}.vehicle_docks_available[{k++}]";
                    var types = f.IdArray(f.Required(item, "vehicle_type_ids", ip), ip + ".vehicle_type_ids");
                    docks.Add(new DockAvailability([.. types.Select(t => new VehicleTypeId(t))], f.NonNegativeInt(f.Required(item, "count", ip), ip + ".count")));
                }
            }

            var status = new GbfsStationStatus(
                f.Bool(f.Required(s, "is_installed", path), path + ".is_installed"),
                f.Bool(f.Required(s, "is_renting", path), path + ".is_renting"),
                f.Bool(f.Required(s, "is_returning", path), path + ".is_returning"),
                f.NonNegativeInt(f.Required(s, available, path), $"{path}.{available}"),
                GbfsFile.Optional(s, disabled) is { } nd ? f.NonNegativeInt(nd, $"{path}.{disabled}") : 0,
                GbfsFile.Optional(s, "num_docks_available") is { } da ? f.NonNegativeInt(da, path + ".num_docks_available") : null,
                GbfsFile.Optional(s, "num_docks_disabled") is { } dd ? f.NonNegativeInt(dd, path + ".num_docks_disabled") : 0,
                byType.ToImmutable(), docks.ToImmutable(),
                f.Timestamp(f.Required(s, "last_reported", path), path + ".last_reported"));
            if (!result.TryAdd(id, status))
            {
                throw f.Error(path + ".station_id", $"duplicate station_id '{id}'");
            }
        }

        return result;
    }
}

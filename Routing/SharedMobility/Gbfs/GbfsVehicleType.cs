using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>vehicle_types.json form_factor. The 2.x value <c>scooter</c> reads as <see cref="ScooterStanding"/> (v2.3).</summary>
public enum FormFactor
{
    Bicycle,
    CargoBicycle,
    Car,
    Moped,
    ScooterStanding,
    ScooterSeated,
    Other,
}

/// <summary>vehicle_types.json propulsion_type.</summary>
public enum Propulsion
{
    Human,
    ElectricAssist,
    Electric,
    Combustion,
    CombustionDiesel,
    Hybrid,
    PlugInHybrid,
    HydrogenFuelCell,
}

/// <summary>One vehicle type; name is localized in 3.0 and a plain string in 2.x.</summary>
public sealed record GbfsVehicleType(
    VehicleTypeId Id, FormFactor FormFactor, Propulsion Propulsion, double? MaxRangeMeters, LocalizedText Name,
    int? MaxPermittedSpeedKph, string? ReturnConstraint, PricingPlanId? DefaultPricingPlanId, ImmutableArray<PricingPlanId> PricingPlanIds)
{
    public bool IsMotorized => Propulsion != Propulsion.Human;

    internal static ImmutableDictionary<VehicleTypeId, GbfsVehicleType> ParseAll(GbfsFile f)
    {
        var result = ImmutableDictionary.CreateBuilder<VehicleTypeId, GbfsVehicleType>();
        var i = 0;
        foreach (var t in f.Array(f.Required(f.Data, "vehicle_types", "$"), "vehicle_types"))
        {
            var path = $"vehicle_types[{i++}]";
            var id = new VehicleTypeId(f.Id(f.Required(t, "vehicle_type_id", path), path + ".vehicle_type_id"));
            var form = ParseForm(f, f.String(f.Required(t, "form_factor", path), path + ".form_factor"), path + ".form_factor");
            var propulsion = ParsePropulsion(f, f.String(f.Required(t, "propulsion_type", path), path + ".propulsion_type"), path + ".propulsion_type");
            double? range = GbfsFile.Optional(t, "max_range_meters") is { } r ? f.NonNegative(r, path + ".max_range_meters") : null;
            if (propulsion != Propulsion.Human && range is null)
            {
                throw f.Error(path + ".max_range_meters", "required for a motorized vehicle type");
            }

            int? speed = GbfsFile.Optional(t, "max_permitted_speed") is { } s ? f.NonNegativeInt(s, path + ".max_permitted_speed") : null;
            var ret = GbfsFile.Optional(t, "return_constraint") is { } rc ? f.String(rc, path + ".return_constraint") : null;
            PricingPlanId? plan = GbfsFile.Optional(t, "default_pricing_plan_id") is { } p ? new PricingPlanId(f.Id(p, path + ".default_pricing_plan_id")) : null;
            var plans = GbfsFile.Optional(t, "pricing_plan_ids") is { } ps
                ? [.. f.IdArray(ps, path + ".pricing_plan_ids").Select(x => new PricingPlanId(x))]
                : ImmutableArray<PricingPlanId>.Empty;
            if (!result.TryAdd(id, new GbfsVehicleType(id, form, propulsion, range, f.OptionalLocalized(t, "name", path), speed, ret, plan, plans)))
            {
                throw f.Error(path + ".vehicle_type_id", $"duplicate vehicle_type_id '{id}'");
            }
        }

        return result.ToImmutable();
    }

    private static FormFactor ParseForm(GbfsFile f, string value, string path) => value switch
    {
        "bicycle" => FormFactor.Bicycle,
        "cargo_bicycle" => FormFactor.CargoBicycle,
        "car" => FormFactor.Car,
        "moped" => FormFactor.Moped,
        "scooter" or "scooter_standing" => FormFactor.ScooterStanding,
        "scooter_seated" => FormFactor.ScooterSeated,
        "other" => FormFactor.Other,
        _ => throw f.Error(path, $"unknown form_factor '{value}'"),
    };

    private static Propulsion ParsePropulsion(GbfsFile f, string value, string path) => value switch
    {
        "human" => Propulsion.Human,
        "electric_assist" => Propulsion.ElectricAssist,
        "electric" => Propulsion.Electric,
        "combustion" => Propulsion.Combustion,
        "combustion_diesel" => Propulsion.CombustionDiesel,
        "hybrid" => Propulsion.Hybrid,
        "plug_in_hybrid" => Propulsion.PlugInHybrid,
        "hydrogen_fuel_cell" => Propulsion.HydrogenFuelCell,
        _ => throw f.Error(path, $"unknown propulsion_type '{value}'"),
    };
}

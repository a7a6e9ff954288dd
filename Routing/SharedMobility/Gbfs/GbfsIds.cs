namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>station_id of station_information.json.</summary>
public readonly record struct GbfsStationId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>vehicle_type_id of vehicle_types.json.</summary>
public readonly record struct VehicleTypeId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>plan_id of system_pricing_plans.json.</summary>
public readonly record struct PricingPlanId(string Value)
{
    public override string ToString() => Value;
}

using System.Collections.Immutable;

namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>
/// One consistent, immutable view of a shared-mobility system, the same whether it came from GBFS 2.x or 3.0.
/// Planners read it without locks; <see cref="GbfsFeedState"/> swaps in a new one only when a whole load succeeds.
/// </summary>
public sealed record GbfsSnapshot(
    GbfsVersion Version,
    GbfsSystem System,
    ImmutableDictionary<VehicleTypeId, GbfsVehicleType> VehicleTypes,
    ImmutableArray<GbfsStation> Stations,
    ImmutableArray<GbfsVehicle> Vehicles,
    ImmutableDictionary<PricingPlanId, GbfsPricingPlan> PricingPlans,
    GbfsGeofencing Geofencing,
    ImmutableDictionary<string, GbfsFeedInfo> Feeds)
{
    /// <summary>Vehicles parked outside stations that can be rented now.</summary>
    public IEnumerable<GbfsVehicle> AvailableFreeFloating => Vehicles.Where(v => v.IsFreeFloating && v.IsAvailable);

    /// <summary>When the first of the data files must be fetched again (last_updated + ttl; the discovery file aside).</summary>
    public DateTimeOffset ExpiresAt => Feeds.Values.Where(f => f.Name != "gbfs").Select(f => f.ExpiresAt).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    /// <summary>The plan that prices a vehicle: its own, else its type's default, else none.</summary>
    public GbfsPricingPlan? PlanFor(GbfsVehicle vehicle)
    {
        if (vehicle.PricingPlanId is { } id && PricingPlans.TryGetValue(id, out var own))
        {
            return own;
        }

        return vehicle.TypeId is { } t ? PlanForType(t) : null;
    }

    public GbfsPricingPlan? PlanForType(VehicleTypeId type) =>
        VehicleTypes.TryGetValue(type, out var vt) && vt.DefaultPricingPlanId is { } p && PricingPlans.TryGetValue(p, out var plan) ? plan : null;
}

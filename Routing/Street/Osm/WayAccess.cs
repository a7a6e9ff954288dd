namespace Mobility.Routing.Street.Osm;

/// <summary>What one profile may do on a way: travel along its node order, against it, and at which speed.</summary>
public readonly record struct ProfileAccess(bool Forward, bool Backward, float SpeedMps)
{
    public static ProfileAccess None => default;

    public bool Any => Forward || Backward;
}

/// <summary>The access of every profile on one way, as decided by <see cref="OsmWayRules"/>.</summary>
public readonly record struct WayAccess(ProfileAccess Walk, ProfileAccess Bike, ProfileAccess Car)
{
    public bool Any => Walk.Any || Bike.Any || Car.Any;

    public ProfileAccess this[StreetProfile profile] => profile switch
    {
        StreetProfile.Walk => Walk,
        StreetProfile.Bike => Bike,
        _ => Car,
    };
}

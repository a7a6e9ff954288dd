namespace Mobility.City;

/// <summary>The role of a street segment; <see cref="None"/> marks a segment that does not exist.</summary>
internal enum StreetClass : byte
{
    None = 0,
    Primary = 1,
    Secondary = 2,
    Residential = 3,
    Footway = 4,
    Cycleway = 5,
    Pedestrian = 6,
}

/// <summary>Direction of a one-way residential street line along increasing grid index, or none.</summary>
internal enum OneWay : sbyte
{
    Backward = -1,
    None = 0,
    Forward = 1,
}

namespace Mobility.Routing.Street;

/// <summary>A travel mode of the street network; each has its own graph, access rules and speeds.</summary>
public enum StreetProfile
{
    Walk = 0,
    Bike = 1,
    Car = 2,
}

/// <summary>Helpers over <see cref="StreetProfile"/>.</summary>
public static class StreetProfiles
{
    /// <summary>Every profile, in index order.</summary>
    public static IReadOnlyList<StreetProfile> All { get; } = [StreetProfile.Walk, StreetProfile.Bike, StreetProfile.Car];

    public const int Count = 3;

    /// <summary>Parses <c>walk</c>, <c>bike</c> or <c>car</c> (case-insensitive).</summary>
    public static StreetProfile Parse(string text) => text.Trim().ToUpperInvariant() switch
    {
        "WALK" or "FOOT" => StreetProfile.Walk,
        "BIKE" or "BICYCLE" => StreetProfile.Bike,
        "CAR" => StreetProfile.Car,
        _ => throw new FormatException($"Unknown street profile '{text}' (expected walk, bike or car)."),
    };
}

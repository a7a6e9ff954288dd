namespace Mobility.Ticketing.Capping;

/// <summary>
/// One validation (tap) of a medium: its uncapped fare in minor units and the cap tier it counts toward. The time
/// carries its offset; the scheme reads it on its own wall clock.
/// </summary>
public readonly record struct Tap(string Id, DateTimeOffset Time, string Medium, long Fare, string Tier);

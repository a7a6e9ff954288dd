using System.Text.Json;

namespace Mobility.Simulation.Day.Scenarios;

/// <summary>A simulated day, as read from its JSON file by <see cref="ScenarioReader"/> (docs/simulation.md).</summary>
public sealed record Scenario(
    string CityPreset,
    long CitySeed,
    long Seed,
    DateOnly Date,
    string Territory,
    PopulationSpec Population,
    IReadOnlyList<string> Operators,
    IReadOnlyList<JsonElement> Campaigns,
    FraudSpec Fraud,
    IReadOnlyList<FaultSpec> Faults,
    double SpeedUp,
    int Concurrency,
    double BatchShare,
    TargetSpec Target);

/// <param name="Travelers">People who live in the city and travel that day.</param>
/// <param name="CarpoolDrivers">Share of workers who drive to work and publish their seats as carpool offers.</param>
/// <param name="CarpoolPropensity">Share of travelers open to carpool: their generalized cost of a carpool leg is lowered (docs/simulation.md).</param>
public sealed record PopulationSpec(int Travelers, double CarpoolDrivers, double CarpoolPropensity);

/// <param name="Overlap">Share of carpool journeys whose passenger is also declared, at the same time, by another operator with another driver.</param>
/// <param name="InventedDistance">Share of carpool journeys declared with five times their distance.</param>
/// <param name="DriverIsPassenger">Declarations whose driver and passenger are one identity.</param>
/// <param name="TooManyTrips">Fraud pairs that declare six journeys in the day across two operators.</param>
/// <param name="ReplayedStatement">Share of the carpool journeys whose operator declares, later, a second journey re-signed over the same exchange.</param>
/// <param name="ClassAAimed">Share of the carpool journeys another operator claims with a class A declaration naming the passenger at the same time.</param>
public sealed record FraudSpec(double Overlap, double InventedDistance, int DriverIsPassenger, int TooManyTrips, double ReplayedStatement = 0, double ClassAAimed = 0)
{
    /// <summary>The shares drawn on one carpool journey (each journey carries at most one of these frauds).</summary>
    public double JourneyShares => Overlap + InventedDistance + ReplayedStatement + ClassAAimed;
}

/// <summary>A fault at a time of the simulated day.</summary>
public sealed record FaultSpec(TimeOnly At, string Kind);

/// <summary>Where the day runs: a node this command starts in its process (on SQLite in <see cref="DataFolder"/>), or a node's URL.</summary>
public sealed record TargetSpec(bool InProcess, string? DataFolder, Uri? Url);

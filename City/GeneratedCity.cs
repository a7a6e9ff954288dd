namespace Mobility.City;

/// <summary>Where a generation lives and what it holds. <see cref="Reused"/> is true when an earlier run was kept.</summary>
public sealed record GeneratedCity(
    CitySpec Spec, string Directory, string OsmPath, string GtfsPath, string GbfsDirectory, string ManifestPath,
    CityStats Stats, bool Reused);

/// <summary>What a generation wrote, for the CLI summary, the manifest and the benchmarks.</summary>
public sealed record CityStats(
    long OsmNodes, long OsmWays, long OsmRelations, int Stops, int Routes, long Trips, long StopTimes,
    int CalendarExceptions, long ShapePoints, int Stations, int DockedVehicles, int FreeVehicles, int GeofencingZones,
    long OsmBytes, long GtfsBytes);

/// <summary>Progress of a generation: the stage being written and the overall fraction done in [0, 1].</summary>
public readonly record struct CityProgress(string Stage, double Fraction);

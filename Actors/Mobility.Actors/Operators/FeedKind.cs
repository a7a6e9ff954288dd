namespace Mobility.Actors.Operators;

/// <summary>The kinds of feed an operator publishes.</summary>
public enum FeedKind
{
    /// <summary>GTFS Schedule (a zip of CSV files).</summary>
    Gtfs = 1,

    /// <summary>GTFS Realtime (protobuf trip updates, vehicle positions, alerts).</summary>
    GtfsRealtime = 2,

    /// <summary>GBFS (shared vehicles and docking stations).</summary>
    Gbfs = 3,
}

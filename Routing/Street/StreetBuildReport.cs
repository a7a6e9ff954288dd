namespace Mobility.Routing.Street;

/// <summary>What building a <see cref="StreetNetwork"/> took and holds; memory counts the flat arrays.</summary>
public sealed record StreetBuildReport
{
    public required string Source { get; init; }

    public TimeSpan ReadTime { get; init; }

    public TimeSpan BuildTime { get; init; }

    public required int StreetNodes { get; init; }

    public required int GeometryEdges { get; init; }

    public required IReadOnlyDictionary<StreetProfile, int> GraphEdges { get; init; }

    public required IReadOnlyDictionary<StreetProfile, int> MainComponentNodes { get; init; }

    /// <summary>Wall-clock time of each profile's contraction.</summary>
    public required IReadOnlyDictionary<StreetProfile, TimeSpan> ContractionTime { get; init; }

    /// <summary>Processor time of the process during each contraction (meaningful on a shared, loaded machine).</summary>
    public required IReadOnlyDictionary<StreetProfile, TimeSpan> ContractionCpuTime { get; init; }

    public required int TurnRestrictionsApplied { get; init; }

    public required int TurnRestrictionsSkipped { get; init; }

    /// <summary>Traffic signals on the streets (OSM nodes highway=traffic_signals), each a delay for cars.</summary>
    public int TrafficSignals { get; init; }

    /// <summary>Turns of the car's edge-based graph (0 when turn costs are off): one per pair of car edges meeting head to tail.</summary>
    public int TurnArcs { get; init; }

    public required int MissingNodeReferences { get; init; }

    public required long Bytes { get; init; }

    public double BytesPerStreetNode => StreetNodes == 0 ? 0 : (double)Bytes / StreetNodes;

    public override string ToString() =>
        $"{Source}: {StreetNodes:N0} street nodes, {GeometryEdges:N0} edges; read {ReadTime.TotalSeconds:F2} s, build {BuildTime.TotalSeconds:F2} s; "
        + $"{Bytes / 1e6:F1} MB ({BytesPerStreetNode:F0} B/node); restrictions applied {TurnRestrictionsApplied}, skipped {TurnRestrictionsSkipped}; {TrafficSignals:N0} traffic signals; {TurnArcs:N0} car turns; "
        + string.Join(", ", ContractionTime.Select(kv => $"CH {kv.Key} {kv.Value.TotalSeconds:F2} s"));
}

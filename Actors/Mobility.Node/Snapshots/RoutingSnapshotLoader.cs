using Mobility.Node.Configuration;
using Mobility.Node.Hosting;

namespace Mobility.Node.Snapshots;

/// <summary>Builds the node's first routing snapshot once the city's feeds are known, on a pool thread.</summary>
public sealed class RoutingSnapshotLoader(RoutingSnapshotSource source, RealtimeTimetables realtime)
{
    /// <summary>
    /// Builds and publishes the snapshot, reading each feed file once; returns the start-up lines: one per feed read
    /// (what it held) and one describing the snapshot. An unreadable feed stops the node, naming its setting.
    /// </summary>
    public async Task<IReadOnlyList<string>> LoadAsync(IReadOnlyList<string> gtfs, string? osm, CancellationToken ct)
    {
        if (osm is null)
        {
            source.MarkUnavailable($"no street network configured ({NodeSettingsReader.Section}:City:Osm): /plan is unavailable");
            return ["routing: " + source.Status];
        }

        try
        {
            var snapshot = await Task.Run(() => RoutingSnapshotBuilder.Build(gtfs, osm), ct);
            realtime.PublishStatic(snapshot); // Served with any GTFS-RT message already received.
            return [.. snapshot.Inputs, RoutingSnapshotBuilder.Describe(snapshot)];
        }
        catch (SnapshotInputException e)
        {
            source.MarkUnavailable("routing snapshot failed: " + e.Message);
            throw new StartupException($"{NodeSettingsReader.Section}:City:{e.Input}", e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or FormatException or ArgumentException)
        {
            source.MarkUnavailable("routing snapshot failed: " + e.Message);
            throw new StartupException(NodeSettingsReader.Section + ":City", $"cannot build the routing snapshot: {e.Message}");
        }
    }
}

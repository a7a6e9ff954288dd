using Mobility.Node.Configuration;
using Mobility.Node.Hosting;

namespace Mobility.Node.Snapshots;

/// <summary>Builds the node's first routing snapshot once the city's feeds are known, on a pool thread.</summary>
public sealed class RoutingSnapshotLoader(RoutingSnapshotSource source, RealtimeTimetables realtime, OperatorTimetables uploads)
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

        using var change = await uploads.BeginAsync(ct);
        var (recorded, lines) = uploads.Recorded(gtfs);
        try
        {
            var used = recorded.ToList();
            while (true)
            {
                try
                {
                    var snapshot = await Task.Run(() => RoutingSnapshotBuilder.Build(gtfs, osm, used), ct);
                    change.Started(used);
                    realtime.PublishStatic(snapshot); // Served with any GTFS-RT message already received.
                    return [.. lines, .. snapshot.Inputs, RoutingSnapshotBuilder.Describe(snapshot)];
                }
                catch (SnapshotInputException e) when (e.Input.StartsWith("Upload:", StringComparison.Ordinal) && used.Count > 0)
                {
                    // An operator's upload that no longer reads never stops the node: it is left out, and said so.
                    used.RemoveAll(u => "Upload:" + u.OperatorId == e.Input);
                    lines = [.. lines, $"GTFS upload of {e.Input["Upload:".Length..]} left out: {e.Message}"];
                }
            }
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

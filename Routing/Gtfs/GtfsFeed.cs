using Mobility.Routing.Gtfs.Model;

namespace Mobility.Routing.Gtfs;

/// <summary>One loaded and validated GTFS feed; <see cref="Warnings"/> lists what was accepted with reservations.</summary>
public sealed class GtfsFeed
{
    public required string FeedId { get; init; }

    /// <summary>The agencies' timezone (GTFS requires all agencies of a feed to share it).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    public required IReadOnlyList<GtfsAgency> Agencies { get; init; }

    public required IReadOnlyList<GtfsStop> Stops { get; init; }

    public required IReadOnlyList<GtfsRoute> Routes { get; init; }

    public required IReadOnlyList<GtfsTrip> Trips { get; init; }

    public required IReadOnlyList<GtfsService> Services { get; init; }

    public required IReadOnlyList<GtfsTransfer> Transfers { get; init; }

    public required IReadOnlyList<GtfsFrequency> Frequencies { get; init; }

    public required IReadOnlyDictionary<string, GtfsShape> Shapes { get; init; }

    public GtfsFeedInfo? FeedInfo { get; init; }

    public required IReadOnlyList<GtfsIssue> Warnings { get; init; }

    /// <summary>The namespaced form of a feed-local id.</summary>
    public static string Namespace(string feedId, string localId) => feedId + ":" + localId;
}

using Mobility.Routing.Street;

namespace Mobility.Routing.Planning;

/// <summary>
/// Where a place (a stop, the origin or the destination) meets the street graph of one profile: its snap and the
/// connected part of the graph the snap lies in, or no snap at all when no street lies within the snap radius.
/// Two anchors are linked by street only when both are snapped into the same part; otherwise a planner links them by
/// an estimated straight-line walk.
/// </summary>
internal readonly record struct StreetAnchor(StreetSnap? Snap, int Part)
{
    public static readonly StreetAnchor None = new(null, -1);

    public static bool LinkedByStreet(StreetAnchor a, StreetAnchor b) => a.Snap is not null && b.Snap is not null && a.Part == b.Part;
}

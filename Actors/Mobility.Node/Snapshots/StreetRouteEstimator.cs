using Mobility.CarpoolProof.Rules;
using Mobility.Routing.Street;

namespace Mobility.Node.Snapshots;

/// <summary>
/// The proof pipeline's <see cref="IRouteEstimator"/> on the node's street network: the car profile, answered by its
/// contraction hierarchy. Null (rule not evaluated) while no snapshot exists, when a point does not snap to a road
/// within <see cref="MaxSnapMeters"/>, or when no path joins them. Thread-safe: reads the current snapshot once.
/// </summary>
public sealed class StreetRouteEstimator(IRoutingSnapshotSource source) : IRouteEstimator
{
    /// <summary>A declared position farther than this from any road is not routed (the rule is then skipped).</summary>
    public const double MaxSnapMeters = 500;

    public RouteEstimate? Estimate(double fromLat, double fromLon, double toLat, double toLon, DateTimeOffset departure)
    {
        if (source.Current is not { } snapshot)
        {
            return null;
        }

        var streets = snapshot.Streets;
        var from = streets.Snap(fromLat, fromLon, StreetProfile.Car, MaxSnapMeters);
        var to = streets.Snap(toLat, toLon, StreetProfile.Car, MaxSnapMeters);
        if (from is null || to is null || streets.Route(from.Value, to.Value) is not { } path)
        {
            return null;
        }

        return new RouteEstimate(path.DistanceMeters, path.Duration.TotalSeconds);
    }
}

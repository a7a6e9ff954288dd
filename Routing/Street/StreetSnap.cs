namespace Mobility.Routing.Street;

/// <summary>
/// A query point snapped onto a street edge usable by a profile: the edge (geometry edge id), the position along it
/// as a fraction of its length from its first node, the snapped position and how far the query point was from it.
/// Only <see cref="StreetNetwork.Snap"/> makes them; they are valid for the network and profile that made them.
/// </summary>
public readonly record struct StreetSnap(StreetProfile Profile, int Edge, double Fraction, GeoCoordinate Point, double DistanceMeters);

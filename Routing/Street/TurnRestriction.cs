namespace Mobility.Routing.Street;

/// <summary>no_* forbids the turn from the from-way to the to-way; only_* forbids every other turn from the from-way.</summary>
public enum TurnRestrictionKind
{
    No,
    Only,
}

/// <summary>A car turn restriction with a via node (OSM Relation:restriction); via-way restrictions are not supported.</summary>
public readonly record struct TurnRestriction(long RelationId, long FromWay, long ViaNode, long ToWay, TurnRestrictionKind Kind);

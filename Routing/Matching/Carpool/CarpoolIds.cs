namespace Mobility.Routing.Matching.Carpool;

/// <summary>Identifies a driver's offer.</summary>
public sealed record OfferId(string Value)
{
    public override string ToString() => Value;
}

/// <summary>Identifies a rider's request.</summary>
public sealed record RequestId(string Value)
{
    public override string ToString() => Value;
}

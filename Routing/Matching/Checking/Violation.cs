namespace Mobility.Routing.Matching.Checking;

public enum ViolationKind
{
    /// <summary>A stop names a task, request or vehicle that does not exist.</summary>
    Unknown,

    /// <summary>A task or request is visited twice, or a vehicle is used twice.</summary>
    Duplicate,

    /// <summary>A delivery comes before its pickup, or the two are on different vehicles, or one is missing.</summary>
    Precedence,

    /// <summary>Service starts outside a time window, or a given time ignores travel, service or waiting.</summary>
    TimeWindow,

    /// <summary>The load exceeds the vehicle's capacity.</summary>
    Capacity,

    /// <summary>The driver's trip exceeds the direct time plus the detour budget.</summary>
    Detour,

    /// <summary>A rider spends longer in the car than allowed.</summary>
    RideTime,

    /// <summary>A request is neither served nor reported unserved, or more vehicles are used than available.</summary>
    Coverage,
}

/// <summary>One broken rule, with the vehicle and stop where it was found.</summary>
public sealed record Violation(ViolationKind Kind, string Where, string Message)
{
    public override string ToString() => $"{Kind} at {Where}: {Message}";
}

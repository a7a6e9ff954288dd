namespace Mobility.Routing.Gtfs;

/// <summary>One finding about a feed: the file, the 1-based line and the field it concerns, and what is wrong.</summary>
public sealed record GtfsIssue(string File, int Line, string? Field, string Message)
{
    public override string ToString() =>
        Line > 0
            ? $"{File}:{Line}{(Field is null ? string.Empty : $" [{Field}]")}: {Message}"
            : $"{File}{(Field is null ? string.Empty : $" [{Field}]")}: {Message}";
}

/// <summary>A feed rejected for the errors it lists; nothing of it was loaded.</summary>
public sealed class GtfsFeedException : Exception
{
    public GtfsFeedException(GtfsIssue issue)
        : this([issue])
    {
    }

    public GtfsFeedException(IReadOnlyList<GtfsIssue> errors)
        : base(Describe(errors)) => Errors = errors;

    public GtfsFeedException()
        : this(new GtfsIssue("feed", 0, null, "rejected"))
    {
    }

    public GtfsFeedException(string message)
        : this(new GtfsIssue("feed", 0, null, message))
    {
    }

    public GtfsFeedException(string message, Exception inner)
        : base(message, inner) => Errors = [new GtfsIssue("feed", 0, null, message)];

    public IReadOnlyList<GtfsIssue> Errors { get; }

    private static string Describe(IReadOnlyList<GtfsIssue> errors) =>
        errors.Count == 1
            ? "GTFS feed rejected: " + errors[0]
            : $"GTFS feed rejected ({errors.Count} errors): " + string.Join("; ", errors.Take(10));
}

namespace Mobility.Ticketing;

/// <summary>
/// An input refused as a whole, with where it is wrong: a file and 1-based line and field for tables (as the GTFS
/// reader reports), or a JSON path for documents. Nothing of a refused input is used.
/// </summary>
public sealed class TicketingInputException : Exception
{
    public TicketingInputException(string source, int line, string? field, string problem)
        : base(Describe(source, line, field, problem))
    {
        InputName = source;
        Line = line;
        Field = field;
        Problem = problem;
    }

    public TicketingInputException()
        : this("input", 0, null, "rejected")
    {
    }

    public TicketingInputException(string message)
        : this("input", 0, null, message)
    {
    }

    public TicketingInputException(string message, Exception inner)
        : base(message, inner)
    {
        InputName = "input";
        Problem = message;
    }

    /// <summary>The file (or document) refused.</summary>
    public string InputName { get; }

    /// <summary>1-based line, 0 when the problem is not on one line (a JSON document uses its path as the field).</summary>
    public int Line { get; }

    public string? Field { get; }

    public string Problem { get; }

    private static string Describe(string source, int line, string? field, string problem) =>
        line > 0
            ? $"{source}:{line}{(field is null ? string.Empty : $" [{field}]")}: {problem}"
            : $"{source}{(field is null ? string.Empty : $" [{field}]")}: {problem}";
}

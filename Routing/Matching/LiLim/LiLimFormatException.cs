namespace Mobility.Routing.Matching.LiLim;

/// <summary>A Li &amp; Lim file that does not follow the format; names the file, line and field.</summary>
public sealed class LiLimFormatException : FormatException
{
    public LiLimFormatException(string file, int line, string field, string message)
        : base($"{file}:{line}: {field}: {message}")
    {
        File = file;
        Line = line;
        Field = field;
    }

    public LiLimFormatException()
    {
        File = Field = string.Empty;
    }

    public LiLimFormatException(string message) : base(message)
    {
        File = Field = string.Empty;
    }

    public LiLimFormatException(string message, Exception innerException) : base(message, innerException)
    {
        File = Field = string.Empty;
    }

    public string File { get; }
    public int Line { get; }
    public string Field { get; }
}

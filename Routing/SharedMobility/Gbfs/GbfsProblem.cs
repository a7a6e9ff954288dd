namespace Mobility.Routing.SharedMobility.Gbfs;

/// <summary>What is wrong with a GBFS feed, where: the file, the JSON path of the field, and why.</summary>
public sealed record GbfsProblem(string File, string Field, string Message)
{
    public override string ToString() => string.IsNullOrEmpty(Field) ? $"{File}: {Message}" : $"{File}: {Field}: {Message}";
}

/// <summary>Thrown while parsing one file; the reader turns it into a <see cref="GbfsProblem"/> and rejects the file.</summary>
public sealed class GbfsFormatException : Exception
{
    public GbfsFormatException(string file, string field, string message)
        : base($"{file}: {field}: {message}")
    {
        Problem = new GbfsProblem(file, field, message);
    }

    public GbfsFormatException()
        : this(string.Empty, string.Empty, "invalid GBFS")
    {
    }

    public GbfsFormatException(string message)
        : this(string.Empty, string.Empty, message)
    {
    }

    public GbfsFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = new GbfsProblem(string.Empty, string.Empty, message);
    }

    public GbfsProblem Problem { get; }
}

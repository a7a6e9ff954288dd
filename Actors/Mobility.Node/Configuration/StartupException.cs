namespace Mobility.Node.Configuration;

/// <summary>
/// A reason the node cannot start that the user can fix: it names the setting and says what is wrong in one line.
/// The serve command prints <see cref="Exception.Message"/> alone (no stack trace) and exits non-zero.
/// </summary>
public sealed class StartupException : Exception
{
    public StartupException(string setting, string problem, Exception? inner = null)
        : base($"{setting}: {problem}", inner)
    {
        Setting = setting;
    }

    public StartupException()
    {
        Setting = string.Empty;
    }

    public StartupException(string message)
        : base(message)
    {
        Setting = string.Empty;
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = string.Empty;
    }

    /// <summary>The configuration key at fault, e.g. <c>Mobility:Storage:Provider</c>.</summary>
    public string Setting { get; }
}

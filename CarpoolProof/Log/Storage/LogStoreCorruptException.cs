namespace Mobility.CarpoolProof.Log.Storage;

/// <summary>The stored log is damaged or inconsistent (missing rows, hashes that do not match, unreadable file). Nothing was changed.</summary>
public sealed class LogStoreCorruptException : Exception
{
    public LogStoreCorruptException(string message) : base(message) { }

    public LogStoreCorruptException(string message, Exception inner) : base(message, inner) { }

    public LogStoreCorruptException() { }
}

/// <summary>An append found the store at another size than expected (another writer, or a failed earlier batch).</summary>
public sealed class LogStoreConflictException : Exception
{
    public LogStoreConflictException(string message) : base(message) { }

    public LogStoreConflictException(string message, Exception inner) : base(message, inner) { }

    public LogStoreConflictException() { }
}

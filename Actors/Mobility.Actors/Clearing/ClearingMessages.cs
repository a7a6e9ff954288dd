using Mobility.Actors.Serialization;

namespace Mobility.Actors.Clearing;

public interface IClearingMessage : IClusterMessage
{
    string Territory { get; }
}

/// <summary>
/// A month's clearing statement as issued: its published JSON, its SHA-256, the platform's Ed25519 signature over the
/// JSON (base64), and the index of the transparency-log leaf that anchors it.
/// </summary>
public sealed record IssuedStatement(string Month, string Json, string Sha256, string Signature, long LogIndex, DateTimeOffset IssuedAt);

public static class ClearingCommands
{
    /// <summary>
    /// Issues a month's statement once: the first issue anchors it in the log and records it; later ones answer the
    /// recorded statement, whatever they carry (an issued month is settled: it does not change).
    /// </summary>
    public sealed record Issue(string Territory, string Month, string Json, string Sha256, string Signature, DateTimeOffset At) : IClearingMessage;

    public sealed record Get(string Territory, string Month) : IClearingMessage;
}

public static class ClearingEvents
{
    public sealed record StatementIssued(string Territory, IssuedStatement Statement) : IPersistedEvent;
}

public static class ClearingReplies
{
    public sealed record Issued(IssuedStatement Statement, bool Now) : IClusterMessage;

    public sealed record NotIssued(string Month) : IClusterMessage;

    /// <summary>The log did not anchor the statement: nothing was recorded, issue again later.</summary>
    public sealed record Unanchored(string Month, string Reason) : IClusterMessage;
}

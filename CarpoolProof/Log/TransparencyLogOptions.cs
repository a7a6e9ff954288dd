using Mobility.CarpoolProof.Log.Notes;

namespace Mobility.CarpoolProof.Log;

/// <summary>How a <see cref="TransparencyLog"/> checks its store when it opens.</summary>
public enum LogOpenCheck
{
    /// <summary>
    /// Every stored hash is loaded (a missing row fails) and the root recomputed from the right-edge subtrees must
    /// equal the stored root. Fast, but an altered hash inside a complete subtree goes unnoticed until a proof fails.
    /// </summary>
    Root,

    /// <summary>Also rehashes every leaf and every interior node from its children (2 SHA-256 a leaf).</summary>
    Full,
}

/// <summary>Settings of a <see cref="TransparencyLog"/>.</summary>
public sealed record TransparencyLogOptions
{
    /// <summary>The checkpoint origin line, e.g. <c>mobility.example.org/carpool-log</c> (C2SP: a schema-less URL).</summary>
    public required string Origin { get; init; }

    /// <summary>The key that signs checkpoints; without it <see cref="TransparencyLog.Checkpoint"/> fails.</summary>
    public NoteSigner? Signer { get; init; }

    /// <summary>Largest accepted leaf in bytes.</summary>
    public int MaxLeafBytes { get; init; } = 64 * 1024;

    /// <summary>Largest accepted batch (leaves per transaction).</summary>
    public int MaxBatchLeaves { get; init; } = 65_536;

    public LogOpenCheck OpenCheck { get; init; } = LogOpenCheck.Full;
}

using System.Diagnostics;

namespace Mobility.CarpoolProof.Pipeline;

/// <summary>Cumulative Stopwatch ticks per pipeline stage, for the benchmark.</summary>
public sealed class PipelineTimings
{
    /// <summary>Parsing, schema checks, signature verification, grading, stateless rules, routing (parallel stage).</summary>
    public long Verify;
    /// <summary>Duplicates, replays, per-identity rules, decisions, commitments (ordered stage).</summary>
    public long Decide;
    /// <summary>Transparency log append (one durable transaction per batch).</summary>
    public long Append;
    /// <summary>Proof store transaction (journeys, nonces, status changes).</summary>
    public long Store;
    /// <summary>Checkpoint signing, inclusion proofs, attestation signing and storing.</summary>
    public long Attest;

    public void Add(ref long stage, long startTimestamp) =>
        Interlocked.Add(ref stage, Stopwatch.GetTimestamp() - startTimestamp);

    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}

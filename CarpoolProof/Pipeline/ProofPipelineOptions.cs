namespace Mobility.CarpoolProof.Pipeline;

/// <summary>Settings of <see cref="ProofPipeline"/>.</summary>
public sealed record ProofPipelineOptions
{
    /// <summary>Threads for signature verification and attestation signing (default: every core).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Issue attestations (inclusion proof, checkpoint, VC signature) for accepted journeys.</summary>
    public bool IssueAttestations { get; init; } = true;
}

namespace Mobility.CarpoolProof.Declarations;

/// <summary>
/// Declarations of one operator signed once (our extension; the registry takes journeys one by one). The operator
/// signs the list of the declarations' hashes (<see cref="DeclarationBatchCanonical"/>), so one Ed25519
/// verification covers the whole batch instead of one per declaration; each declaration inside carries its evidence
/// but no <c>operator_signature</c> of its own. Every declaration is still decided on its own.
/// </summary>
public sealed record DeclarationBatch(string OperatorId, IReadOnlyList<SignedDeclaration> Declarations, string? OperatorSignature = null)
{
    /// <summary>Most declarations in one batch (a batch of 10,000 is about 20 MB of JSON).</summary>
    public const int MaxDeclarations = 10_000;

    /// <summary>Largest batch body accepted (bytes).</summary>
    public const int MaxBytes = 32 * 1024 * 1024;
}

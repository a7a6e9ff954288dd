using System.Buffers;
using Mobility.CarpoolProof.Canonical;
using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>
/// What an operator signs for a <see cref="DeclarationBatch"/>: context "mobility/carpool/declaration-batch/v1",
/// 0x00, then the JCS (RFC 8785) text of <c>{"declarations": [hash, ...], "operator_id": id}</c>, where each hash is
/// the unpadded base64url SHA-256 of that declaration's own signing message (<see cref="DeclarationCanonical"/>), in
/// batch order. The same hash is the <c>declaration_hash</c> of the journey's log commitment, so an auditor holding
/// the batch and its signature can tie every logged commitment to the operator's signature.
/// </summary>
public static class DeclarationBatchCanonical
{
    public static byte[] SigningMessage(string operatorId, IReadOnlyList<string> declarationHashes)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (declarationHashes.Count * 48));
        var w = new JcsWriter(buffer);
        w.BeginObject();
        w.Name("declarations");
        w.BeginArray();
        foreach (var h in declarationHashes) w.String(h);
        w.EndArray();
        w.Property("operator_id", operatorId);
        w.EndObject();
        return SigningContext.Message(SigningContext.DeclarationBatch, buffer.WrittenSpan);
    }

    /// <summary>The hash of each declaration (operator_signature left out), in order.</summary>
    public static string[] Hashes(IEnumerable<SignedDeclaration> declarations) =>
        [.. declarations.Select(d => Pipeline.JourneyCommitment.HashDeclaration(d with { OperatorSignature = null }))];
}

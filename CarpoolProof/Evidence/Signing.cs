using Mobility.CarpoolProof.Declarations;
using NSec.Cryptography;

namespace Mobility.CarpoolProof.Evidence;

/// <summary>Signing side of the evidence (device apps, operators): fills the signature members.</summary>
public static class Signing
{
    public static PickupStatement Sign(PickupStatement s, Key device) =>
        s with { Signature = Base64Url.Encode(Ed25519Keys.Sign(device, StatementCanonical.SigningMessage(s with { Signature = null }))) };

    public static DropoffStatement Sign(DropoffStatement s, Key device) =>
        s with { Signature = Base64Url.Encode(Ed25519Keys.Sign(device, StatementCanonical.SigningMessage(s with { Signature = null }))) };

    public static JourneyStatement Sign(JourneyStatement s, Key device) =>
        s with { Signature = Base64Url.Encode(Ed25519Keys.Sign(device, StatementCanonical.SigningMessage(s with { Signature = null }))) };

    /// <summary>The operator's signature over everything else in the declaration, evidence included.</summary>
    public static SignedDeclaration Sign(SignedDeclaration d, Key operatorKey) =>
        d with { OperatorSignature = Base64Url.Encode(Ed25519Keys.Sign(operatorKey, DeclarationCanonical.SigningMessage(d))) };

    /// <summary>
    /// One operator signature over a whole batch (<see cref="DeclarationBatchCanonical"/>); the declarations inside
    /// lose any signature of their own.
    /// </summary>
    public static DeclarationBatch SignBatch(string operatorId, IEnumerable<SignedDeclaration> declarations, Key operatorKey)
    {
        var unsigned = declarations.Select(d => d with { OperatorSignature = null }).ToArray();
        var message = DeclarationBatchCanonical.SigningMessage(operatorId, DeclarationBatchCanonical.Hashes(unsigned));
        return new DeclarationBatch(operatorId, unsigned, Base64Url.Encode(Ed25519Keys.Sign(operatorKey, message)));
    }
}

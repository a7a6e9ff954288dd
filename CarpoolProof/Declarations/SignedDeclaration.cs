using Mobility.CarpoolProof.Evidence;

namespace Mobility.CarpoolProof.Declarations;

/// <summary>
/// Our extension of the registry's request: the v3.3 journey unchanged, the device evidence, and the operator's
/// Ed25519 signature over the canonical bytes of everything else (see <see cref="DeclarationSigning"/>).
/// </summary>
public sealed record SignedDeclaration(
    string OperatorId,
    Journey Journey,
    JourneyEvidence Evidence,
    string? OperatorSignature = null);

namespace Mobility.CarpoolProof.Grading;

/// <summary>Proof classes of the registry (A, B, C), computed by <see cref="ProofGrader"/> from verified evidence only.</summary>
public enum ProofClass
{
    A = 1,
    B = 2,
    C = 3,
}

/// <summary>The class and the reasons it is not higher.</summary>
public sealed record Grade(ProofClass Class, IReadOnlyList<string> Reasons);

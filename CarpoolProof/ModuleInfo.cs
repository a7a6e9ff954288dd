namespace Mobility.CarpoolProof;

/// <summary>Marker for the Mobility.CarpoolProof assembly.</summary>
public static class ModuleInfo
{
    public const string Name = "Mobility.CarpoolProof";
}

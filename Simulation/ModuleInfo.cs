namespace Mobility.Simulation;

/// <summary>Marker for the Mobility.Simulation assembly.</summary>
public static class ModuleInfo
{
    public const string Name = "Mobility.Simulation";
}

namespace Mobility.Actors;

/// <summary>Marker for the Mobility.Actors assembly.</summary>
public static class ModuleInfo
{
    public const string Name = "Mobility.Actors";
}

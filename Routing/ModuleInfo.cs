namespace Mobility.Routing;

/// <summary>Marker for the Mobility.Routing assembly.</summary>
public static class ModuleInfo
{
    public const string Name = "Mobility.Routing";
}

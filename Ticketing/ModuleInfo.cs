namespace Mobility.Ticketing;

/// <summary>Marker for the Mobility.Ticketing assembly.</summary>
public static class ModuleInfo
{
    public const string Name = "Mobility.Ticketing";
}

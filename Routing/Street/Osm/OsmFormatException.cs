namespace Mobility.Routing.Street.Osm;

/// <summary>An OSM file that cannot be turned into a street network; the message names the file and the element.</summary>
public sealed class OsmFormatException : Exception
{
    public OsmFormatException()
    {
    }

    public OsmFormatException(string message)
        : base(message)
    {
    }

    public OsmFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

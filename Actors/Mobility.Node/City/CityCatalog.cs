namespace Mobility.Node.City;

/// <summary>What the node has loaded of its city; readiness waits for <see cref="CityStatus.Loaded"/>.</summary>
public sealed class CityCatalog
{
    private volatile CityStatus _status = new CityStatus.Loading();

    public CityStatus Status => _status;

    public void Set(CityStatus status) => _status = status;
}

public abstract record CityStatus
{
    private CityStatus()
    {
    }

    public sealed record Loading : CityStatus;

    /// <summary>The city is loaded: its name and one line per feed.</summary>
    public sealed record Loaded(string Name, IReadOnlyList<string> Feeds, TimeSpan Took) : CityStatus;

    public sealed record Failed(string Setting, string Problem) : CityStatus;
}

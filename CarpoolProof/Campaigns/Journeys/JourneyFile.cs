using Mobility.CarpoolProof.Campaigns.Engine;

namespace Mobility.CarpoolProof.Campaigns.Journeys;

/// <summary>A journey line that was refused: reported with its line number and field, and never counted.</summary>
public sealed record JourneyLineError(int Line, string Field, string Message)
{
    public override string ToString() => $"line {Line}: {Field}: {Message}";
}

/// <summary>Journeys read from a file, and the lines that were skipped.</summary>
public sealed record JourneyFile(IReadOnlyList<CampaignJourney> Journeys, IReadOnlyList<JourneyLineError> Errors)
{
    /// <summary>Longest accepted line, so that a corrupt file cannot exhaust memory.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>Reads CSV (<c>.csv</c>) or registry-shaped JSON lines (anything else) from <paramref name="path"/>.</summary>
    public static JourneyFile Read(string path)
    {
        using var reader = new StreamReader(path);
        return path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? JourneyCsv.Read(reader) : JourneyJsonLines.Read(reader);
    }

    /// <summary>A duplicate journey id keeps its first line; later ones are errors.</summary>
    internal static void AddUnique(List<CampaignJourney> journeys, HashSet<string> ids, List<JourneyLineError> errors, int line, CampaignJourney j)
    {
        if (j.Problem() is { } problem)
        {
            errors.Add(new JourneyLineError(line, "journey", problem));
        }
        else if (!ids.Add(j.JourneyId))
        {
            errors.Add(new JourneyLineError(line, "journey_id", $"duplicate journey id '{j.JourneyId}'"));
        }
        else
        {
            journeys.Add(j);
        }
    }
}

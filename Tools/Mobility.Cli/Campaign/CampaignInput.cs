using Mobility.CarpoolProof.Campaigns.Documents;
using Mobility.CarpoolProof.Campaigns.Journeys;
using Mobility.CarpoolProof.Campaigns.Language;
using Spectre.Console;

namespace Mobility.Node.Cli.Campaign;

/// <summary>Loading of campaign documents and journey files for the campaign commands.</summary>
internal static class CampaignInput
{
    /// <summary>A file path, or the name of a shipped campaign (idfm-2021, pays-de-la-loire-2024, montpellier-2022).</summary>
    public static (CampaignDocument? Document, IReadOnlyList<CampaignError> Errors) Load(string pathOrName)
    {
        byte[] bytes;
        if (File.Exists(pathOrName))
        {
            var info = new FileInfo(pathOrName);
            if (info.Length > CampaignParser.MaxDocumentBytes)
            {
                return (null, [new CampaignError("$", $"{pathOrName} is larger than {CampaignParser.MaxDocumentBytes} bytes")]);
            }
            bytes = File.ReadAllBytes(pathOrName);
        }
        else if (CampaignLibrary.Names.Contains(pathOrName))
        {
            bytes = CampaignLibrary.Bytes(pathOrName);
        }
        else
        {
            return (null, [new CampaignError("$", $"no file '{pathOrName}' and no shipped campaign of that name ({string.Join(", ", CampaignLibrary.Names)})")]);
        }
        return CampaignParser.TryParse(bytes);
    }

    public static CampaignDocument? LoadOrReport(string pathOrName)
    {
        var (doc, errors) = Load(pathOrName);
        foreach (var e in errors)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{pathOrName}[/] {e.Path}: {e.Message}");
        }
        return doc;
    }

    /// <summary>Reads journeys and reports each refused line on stderr; they are skipped, never counted.</summary>
    public static JourneyFile? Journeys(string path)
    {
        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"{path}: no such file");
            return null;
        }
        var file = JourneyFile.Read(path);
        foreach (var e in file.Errors.Take(50))
        {
            Console.Error.WriteLine($"{path}: {e}");
        }
        if (file.Errors.Count > 50)
        {
            Console.Error.WriteLine($"{path}: ... and {file.Errors.Count - 50} more refused lines");
        }
        Console.Error.WriteLine($"{path}: {file.Journeys.Count} journeys read, {file.Errors.Count} lines refused");
        return file;
    }
}

using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.CarpoolProof.Campaigns.Documents;

/// <summary>The campaign documents shipped with the platform (embedded from Campaigns/Documents/*.json).</summary>
public static class CampaignLibrary
{
    public const string IleDeFranceMobilites2021 = "idfm-2021";
    public const string PaysDeLaLoire2024 = "pays-de-la-loire-2024";
    public const string Montpellier2022 = "montpellier-2022";

    public static IReadOnlyList<string> Names { get; } = [IleDeFranceMobilites2021, PaysDeLaLoire2024, Montpellier2022];

    public static byte[] Bytes(string name)
    {
        using var stream = typeof(CampaignLibrary).Assembly.GetManifestResourceStream($"Mobility.Campaigns.{name}.json")
            ?? throw new ArgumentException($"no shipped campaign named '{name}'", nameof(name));
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public static CampaignDocument Load(string name) => CampaignParser.Parse(Bytes(name));
}

using System.Text.Json;
using Mobility.Audit.Export;
using Mobility.CarpoolProof.Log.Audit;
using Mobility.CarpoolProof.Pipeline;

namespace Mobility.Audit.Replay;

/// <summary>
/// An export read back for a replay, after its log verified: leaves whose root the platform signed, the journeys,
/// bindings and campaigns beside them. Every line is bounded (a 1 MiB line, the same bound as <c>leaves.txt</c>) and a
/// bad one names its file and line.
/// </summary>
public sealed record ExportSet(
    IReadOnlyList<byte[]> Leaves,
    IReadOnlyList<ExportedJourney> Journeys,
    IReadOnlyList<ExportedBinding> Bindings,
    IReadOnlyList<(ExportedCampaign Campaign, byte[] Document)> Campaigns,
    IReadOnlyDictionary<long, LeafOpening>? Openings = null)
{
    /// <summary>The operators' signed batch manifests (<see cref="ExportFiles.Batches"/>; none in an export made before they were kept).</summary>
    public IReadOnlyList<ExportedBatch> Batches { get; init; } = [];

    public const int MaxLineBytes = 1 << 20;

    /// <summary>Reads <paramref name="directory"/>; an export whose log does not verify is refused before anything is replayed.</summary>
    public static ExportSet Read(string directory)
    {
        var log = LogAudit.VerifyLogDirectory(directory);
        if (!log.Ok)
        {
            throw new InvalidDataException(log.Message);
        }

        var leaves = AuditExport.ReadLeaves(Path.Combine(directory, LogAudit.LeavesFile));
        var journeys = Lines<ExportedJourney>(Path.Combine(directory, ExportFiles.Journeys));
        var bindings = Lines<ExportedBinding>(Path.Combine(directory, ExportFiles.Bindings));
        var campaigns = new List<(ExportedCampaign, byte[])>();
        var folder = Path.Combine(directory, ExportFiles.Campaigns);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder, "*.json").Where(f => !f.EndsWith(ExportFiles.DocumentSuffix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var campaign = Parse<ExportedCampaign>(File.ReadAllBytes(file), file);
                var document = Path.Combine(folder, campaign.Id + ExportFiles.DocumentSuffix);
                if (!File.Exists(document))
                {
                    throw new InvalidDataException($"{file}: its document {Path.GetFileName(document)} is missing");
                }

                campaigns.Add((campaign, File.ReadAllBytes(document)));
            }
        }

        // Openings of sealed leaves (absent from an export of a log written before leaves were sealed).
        var openings = new Dictionary<long, LeafOpening>();
        var openingsFile = Path.Combine(directory, ExportFiles.Openings);
        if (File.Exists(openingsFile))
        {
            foreach (var o in Lines<ExportedOpening>(openingsFile))
            {
                if (!Mobility.CarpoolProof.Evidence.Base64Url.TryDecode(o.Salt, SealedLeaf.SaltBytes, out var salt) || o.Body.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidDataException($"{openingsFile}: leaf {o.LeafIndex}: the salt is not 32 bytes in base64url or the body is not an object");
                }

                openings[o.LeafIndex] = new LeafOpening(salt, Mobility.CarpoolProof.Canonical.Jcs.Canonicalize(System.Text.Json.Nodes.JsonNode.Parse(o.Body.GetRawText())!));
            }
        }

        var batches = File.Exists(Path.Combine(directory, ExportFiles.Batches)) ? Lines<ExportedBatch>(Path.Combine(directory, ExportFiles.Batches)) : [];
        return new ExportSet(leaves, journeys, bindings, campaigns, openings) { Batches = batches };
    }

    private static List<T> Lines<T>(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing (an export from a node's data folder writes it)");
        }

        var items = new List<T>();
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (line.Length > MaxLineBytes)
            {
                throw new InvalidDataException($"{path}:{n}: line longer than {MaxLineBytes} bytes");
            }

            if (line.Length > 0)
            {
                items.Add(Parse<T>(System.Text.Encoding.UTF8.GetBytes(line), $"{path}:{n}"));
            }
        }

        return items;
    }

    private static T Parse<T>(byte[] json, string where)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, ExportJson.Options) ?? throw new InvalidDataException($"{where}: null");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where}: {e.Message}");
        }
    }
}

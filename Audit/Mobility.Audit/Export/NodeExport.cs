using System.Text;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Engine;
using LeafOpening = Mobility.CarpoolProof.Pipeline.LeafOpening;
using SealedLeaf = Mobility.CarpoolProof.Pipeline.SealedLeaf;

namespace Mobility.Audit.Export;

/// <summary>
/// What an auditor needs beyond the log to re-verify a node's decisions, from its journal: the declarations the
/// operators sent (journeys), the keys they were checked against (bindings), and the campaigns as stored (documents,
/// counted journeys, anchored settlements). Reads a private copy of the journal (<see cref="SqliteSnapshot"/>).
/// </summary>
public static class NodeExport
{
    public sealed record Summary(int Journeys, int WithDeclaration, int Bindings, int Campaigns, int Batches = 0);

    /// <summary>Attestations as <c>AuditExport.Export</c> takes them: leaf index, journey key, W3C VC JSON.</summary>
    public static IEnumerable<(long Index, string JourneyKey, string Json)> Attestations(NodeJournal.Store journal) =>
        NodeJournal.Read(journal, NodeJournal.JourneyAccepted).Select(e =>
        {
            var view = e.Body.GetProperty("journey");
            return (view.GetProperty("leafIndex").GetInt64(),
                view.GetProperty("operatorId").GetString() + "/" + view.GetProperty("operatorJourneyId").GetString(),
                view.GetProperty("attestation").GetString()!);
        });

    /// <summary>Writes <see cref="ExportFiles.Journeys"/>, <see cref="ExportFiles.Batches"/>, <see cref="ExportFiles.Bindings"/> and <see cref="ExportFiles.Campaigns"/> for journeys under the exported checkpoint.</summary>
    public static Summary Write(NodeJournal.Store journal, string outDirectory, long treeSize)
    {
        var journeys = new List<ExportedJourney>();
        foreach (var e in NodeJournal.Read(journal, NodeJournal.JourneyAccepted))
        {
            var view = e.Body.GetProperty("journey");
            var index = view.GetProperty("leafIndex").GetInt64();
            if (index >= treeSize)
            {
                continue; // Committed after the exported checkpoint: in the next export.
            }

            JsonElement? declaration = null;
            if (e.Body.TryGetProperty("declaration", out var body) && body.ValueKind == JsonValueKind.String)
            {
                using var parsed = JsonDocument.Parse(body.GetBytesFromBase64());
                declaration = parsed.RootElement.Clone();
            }

            var batch = e.Body.TryGetProperty("signedInBatch", out var b) && b.ValueKind == JsonValueKind.True;
            journeys.Add(new ExportedJourney(index, view.GetProperty("operatorId").GetString()!, view.GetProperty("operatorJourneyId").GetString()!, batch, declaration));
        }

        journeys.Sort((a, b) => a.LeafIndex.CompareTo(b.LeafIndex));
        WriteLines(Path.Combine(outDirectory, ExportFiles.Journeys), journeys);

        // Every manifest kept: each is stored before any of its journeys is logged, so one under the checkpoint is never missing.
        var batches = NodeJournal.Read(journal, NodeJournal.BatchManifestKept).Select(e => new ExportedBatch(
            e.Body.GetProperty("operatorId").GetString()!,
            [.. e.Body.GetProperty("declarationHashes").EnumerateArray().Select(h => h.GetString()!)],
            e.Body.GetProperty("signature").GetString()!,
            e.Body.GetProperty("at").GetDateTimeOffset())).ToList();
        WriteLines(Path.Combine(outDirectory, ExportFiles.Batches), batches);

        // Only the bindings a replay checks declarations with (operators' signing keys, devices' identities): the same
        // entity also binds travelers' accounts, their cards and the journeys' connecting legs, which are no audit input.
        var bindings = NodeJournal.Read(journal, NodeJournal.KeyBound, NodeJournal.KeyUnbound).Select(e => new ExportedBinding(
            e.Body.GetProperty("subject").GetString()!,
            e.Body.GetProperty("value").GetString()!,
            e.Manifest == NodeJournal.KeyBound,
            e.Body.TryGetProperty("at", out var at) ? at.GetDateTimeOffset() : null))
            .Where(b => b.Subject.StartsWith("operator:", StringComparison.Ordinal) || b.Subject.StartsWith("device:", StringComparison.Ordinal)).ToList();
        WriteLines(Path.Combine(outDirectory, ExportFiles.Bindings), bindings);

        var campaigns = Campaigns(journal);
        var folder = Path.Combine(outDirectory, ExportFiles.Campaigns);
        Directory.CreateDirectory(folder);
        foreach (var (c, document) in campaigns)
        {
            if (!CampaignJourney.IsToken(c.Id))
            {
                throw new InvalidDataException($"campaign id {c.Id} cannot name a file");
            }

            File.WriteAllText(Path.Combine(folder, c.Id + ".json"), JsonSerializer.Serialize(c, ExportJson.Options) + "\n", new UTF8Encoding(false));
            File.WriteAllBytes(Path.Combine(folder, c.Id + ExportFiles.DocumentSuffix), document);
        }

        return new Summary(journeys.Count, journeys.Count(j => j.Declaration is not null), bindings.Count, campaigns.Count, batches.Count);
    }

    /// <summary>
    /// Writes <see cref="ExportFiles.Openings"/>: for each sealed leaf of <paramref name="leaves"/>, its opening from the
    /// node's store. A sealed leaf with no opening there is left out (the replay then reports it as one it cannot open).
    /// </summary>
    public static int WriteOpenings(IReadOnlyList<byte[]> leaves, IReadOnlyDictionary<string, LeafOpening> openings, string outDirectory)
    {
        var lines = new List<ExportedOpening>();
        for (var i = 0; i < leaves.Count; i++)
        {
            if (SealedLeaf.Parse(leaves[i]) is { } sealedLeaf && openings.TryGetValue(sealedLeaf.Commitment, out var o))
            {
                using var body = JsonDocument.Parse(o.Body);
                lines.Add(new ExportedOpening(i, Mobility.CarpoolProof.Evidence.Base64Url.Encode(o.Salt), body.RootElement.Clone()));
            }
        }

        WriteLines(Path.Combine(outDirectory, ExportFiles.Openings), lines);
        return lines.Count;
    }

    /// <summary>Folds each campaign entity's events as the entity does: counted journeys replaced by id, revocations set their status.</summary>
    private static List<(ExportedCampaign Campaign, byte[] Document)> Campaigns(NodeJournal.Store journal)
    {
        var byEntity = new Dictionary<string, Builder>(StringComparer.Ordinal);
        foreach (var e in NodeJournal.Read(journal, NodeJournal.CampaignCreated, NodeJournal.CampaignActivated, NodeJournal.CampaignClosed,
                     NodeJournal.CampaignJourneysCounted, NodeJournal.CampaignJourneyRevoked, NodeJournal.CampaignSettlementAnchored))
        {
            if (e.Manifest == NodeJournal.CampaignCreated)
            {
                byEntity[e.PersistenceId] = new Builder(e.Body.GetProperty("campaignId").GetString()!, e.Body.GetProperty("territory").GetString()!,
                    e.Body.GetProperty("document").GetBytesFromBase64(), e.Body.GetProperty("at").GetDateTimeOffset());
                continue;
            }

            if (!byEntity.TryGetValue(e.PersistenceId, out var c))
            {
                continue; // Events of a campaign created before its document was stored this way: nothing to audit against.
            }

            switch (e.Manifest)
            {
                case NodeJournal.CampaignActivated:
                    c.ActivatedAt = e.Body.GetProperty("at").GetDateTimeOffset();
                    break;
                case NodeJournal.CampaignClosed:
                    c.ClosedAt = e.Body.GetProperty("at").GetDateTimeOffset();
                    break;
                case NodeJournal.CampaignJourneysCounted:
                    foreach (var j in e.Body.GetProperty("journeys").Deserialize<List<CampaignJourney>>(ExportJson.Node)!)
                    {
                        c.Counted[j.JourneyId] = j;
                    }

                    break;
                case NodeJournal.CampaignJourneyRevoked:
                    var id = e.Body.GetProperty("journeyId").GetString()!;
                    if (c.Counted.TryGetValue(id, out var counted))
                    {
                        c.Counted[id] = counted with { Status = Enum.Parse<JourneyStatus>(e.Body.GetProperty("status").GetString()!) };
                    }

                    break;
                case NodeJournal.CampaignSettlementAnchored:
                    c.Settlements.Add(new ExportedSettlement(e.Body.GetProperty("operatorId").GetString()!, e.Body.GetProperty("month").GetString()!,
                        e.Body.GetProperty("sha256").GetString()!, e.Body.GetProperty("logIndex").GetInt64(),
                        e.Body.TryGetProperty("totalCents", out var total) && total.ValueKind == JsonValueKind.Number ? total.GetInt64() : null));
                    break;
            }
        }

        return [.. byEntity.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => (new ExportedCampaign(c.Id, c.Territory,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c.Document)), c.CreatedAt, c.ActivatedAt, c.ClosedAt,
            [.. c.Counted.Values.OrderBy(j => j.LogIndex)], c.Settlements), c.Document))];
    }

    private static void WriteLines<T>(string path, IEnumerable<T> items)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        foreach (var item in items)
        {
            writer.WriteLine(JsonSerializer.Serialize(item, ExportJson.Options));
        }
    }

    private sealed class Builder(string id, string territory, byte[] document, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;
        public string Territory { get; } = territory;
        public byte[] Document { get; } = document;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public DateTimeOffset? ActivatedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public Dictionary<string, CampaignJourney> Counted { get; } = new(StringComparer.Ordinal);
        public List<ExportedSettlement> Settlements { get; } = [];
    }
}

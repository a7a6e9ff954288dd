using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Ticketing.Tickets;

/// <summary>
/// The published list of campaigns that grant a transit benefit to proven carpools (<c>GET /tickets/carpool-benefits</c>):
/// <c>{"campaigns":[{"id","sha256","document"}]}</c>, each document as written (UTF-8 text). A validator keeps it like
/// the key list; every document's SHA-256 is checked and every document parsed by the campaign language's own parser.
/// </summary>
public static class CarpoolBenefitList
{
    public const int MaxBytes = 4 << 20;
    public const int MaxCampaigns = 200;

    public static IReadOnlyList<CampaignDocument> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new TicketingInputException(path, 0, null, $"no such file");
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new TicketingInputException(path, 0, null, $"larger than {MaxBytes} bytes");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    public static IReadOnlyList<CampaignDocument> Parse(ReadOnlySpan<byte> utf8, string source = "benefit list")
    {
        if (utf8.Length > MaxBytes)
        {
            throw new TicketingInputException(source, 0, null, $"larger than {MaxBytes} bytes");
        }

        try
        {
            using var json = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = 8 });
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("campaigns", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new TicketingInputException(source, 0, null, $"expected {{\"campaigns\": [...]}}");
            }

            if (list.GetArrayLength() > MaxCampaigns)
            {
                throw new TicketingInputException(source, 0, null, $"more than {MaxCampaigns} campaigns");
            }

            var documents = new List<CampaignDocument>();
            var i = 0;
            foreach (var item in list.EnumerateArray())
            {
                var at = $"$.campaigns[{i++}]";
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("document", out var text) || text.ValueKind != JsonValueKind.String)
                {
                    throw new TicketingInputException(source, 0, at, $"expected id, sha256 and document (strings)");
                }

                var bytes = Encoding.UTF8.GetBytes(text.GetString()!);
                if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(bytes)), sha.GetString(), StringComparison.Ordinal))
                {
                    throw new TicketingInputException(source, 0, at, $"the document's SHA-256 is not {sha.GetString()}");
                }

                var (document, errors) = CampaignParser.TryParse(bytes);
                if (document is null)
                {
                    throw new TicketingInputException(source, 0, at + ".document", $"{string.Join("; ", errors.Take(3).Select(e => $"{e.Path}: {e.Message}"))}");
                }

                if (document.Id.Value != id.GetString())
                {
                    throw new TicketingInputException(source, 0, at, $"id '{id.GetString()}' but the document is campaign '{document.Id}'");
                }

                documents.Add(document);
            }

            return documents;
        }
        catch (JsonException e)
        {
            throw new TicketingInputException(source, 0, null, $"not JSON: {e.Message}");
        }
    }
}

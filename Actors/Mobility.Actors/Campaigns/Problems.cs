using System.Text;
using System.Text.Json;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Actors.Campaigns;

/// <summary>RFC 9457 problem details rendered by the campaign entities (they cross nodes as text).</summary>
public static class Problems
{
    public static CampaignAnswer NotFound() => Render(404, "Not found", "No such campaign in this territory.", null);

    public static CampaignAnswer NotFoundDetail(string detail) => Render(404, "Not found", detail, null);

    public static CampaignAnswer Unavailable(string detail) => Render(503, "Service unavailable", detail, null);

    public static CampaignAnswer Conflict(string detail) => Render(409, "Conflict", detail, null);

    public static CampaignAnswer BadRequest(string detail) => Render(400, "Bad request", detail, null);

    /// <summary>Every error with the JSON path of the offending field (RFC 9457 section 3.2 extension member "errors").</summary>
    public static CampaignAnswer Invalid(IReadOnlyList<CampaignError> errors) =>
        Render(400, "Invalid campaign document", errors.Count > 0 ? errors[0].ToString() : "invalid document", errors);

    private static CampaignAnswer Render(int status, string title, string detail, IReadOnlyList<CampaignError>? errors)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("type", "about:blank");
            w.WriteString("title", title);
            w.WriteNumber("status", status);
            w.WriteString("detail", detail);
            if (errors is not null)
            {
                w.WriteStartArray("errors");
                foreach (var e in errors)
                {
                    w.WriteStartObject();
                    w.WriteString("path", e.Path);
                    w.WriteString("message", e.Message);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return new CampaignAnswer(status, CampaignAnswer.Problem, Encoding.UTF8.GetString(buffer.ToArray()));
    }
}

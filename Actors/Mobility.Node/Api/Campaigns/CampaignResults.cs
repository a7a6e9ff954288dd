using System.Text;
using System.Text.Json;
using Mobility.Actors.Campaigns;
using Mobility.CarpoolProof.Campaigns.Language;

namespace Mobility.Node.Api.Campaigns;

/// <summary>
/// Where the campaign entities' neutral replies become HTTP: a document with its media type, or an RFC 9457 problem
/// (a refused document lists every error with its JSON path, the "errors" extension member of RFC 9457 section 3.2).
/// </summary>
internal static class CampaignResults
{
    public const string Json = "application/json";
    public const string Csv = "text/csv";
    public const string ProblemJson = "application/problem+json";

    /// <summary>The reply as HTTP; null (no answer in time) and anything unexpected are a 503.</summary>
    public static IResult ToResult(object? reply, int successStatus = StatusCodes.Status200OK) => reply switch
    {
        CampaignReplies.Document d => Results.Text(d.Body, MediaType(d.Format), Encoding.UTF8, successStatus),
        CampaignReplies.Refused r => Problem(r),
        _ => Problem(new CampaignReplies.Refused(CampaignRefusal.Unavailable, "The campaign entity did not answer; retry later.")),
    };

    public static string MediaType(DocumentFormat format) => format == DocumentFormat.Csv ? Csv : Json;

    public static IResult Problem(CampaignReplies.Refused r)
    {
        var (status, title) = r.Kind switch
        {
            CampaignRefusal.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            CampaignRefusal.Invalid => (StatusCodes.Status400BadRequest, "Bad request"),
            CampaignRefusal.InvalidDocument => (StatusCodes.Status400BadRequest, "Invalid campaign document"),
            CampaignRefusal.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (StatusCodes.Status503ServiceUnavailable, "Service unavailable"),
        };
        return Results.Text(Render(status, title, r.Detail, r.Kind == CampaignRefusal.InvalidDocument ? r.Errors ?? [] : null), ProblemJson, Encoding.UTF8, status);
    }

    private static string Render(int status, string title, string detail, IReadOnlyList<CampaignError>? errors)
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
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text.Json;
using Mobility.CarpoolProof.Log.Audit;

namespace Mobility.Audit.Export;

/// <summary>
/// <c>export --url URL --token TOKEN --out OUT</c>: fetches a running node's audit export over HTTP
/// (<c>GET URL/authority/audit/export</c>, the files <c>export --data</c> writes, zipped by the node) and unpacks it
/// into OUT. Trusts nothing it fetched: the log must verify against its signed checkpoint (as <c>verify-log</c>) before
/// the export is reported; the replay then checks the rest. At most <see cref="MaxBytes"/>; an entry that would land
/// outside OUT is refused (the zip reader checks each path).
/// </summary>
public static class HttpExport
{
    public const long MaxBytes = 4L << 30;

    public static string Fetch(string url, string token, string outDirectory, CancellationToken ct)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url {url}: an absolute http(s) URL of a node is needed");
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUri, "/authority/audit/export"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{request.RequestUri}: HTTP {(int)response.StatusCode} {Problem(response, ct)}");
        }

        if (response.Content.Headers.ContentLength is > MaxBytes)
        {
            throw new InvalidDataException($"the export is larger than {MaxBytes} bytes");
        }

        Directory.CreateDirectory(outDirectory);
        var zip = Path.Combine(Path.GetTempPath(), "mobility-audit-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using (var source = response.Content.ReadAsStream(ct))
            using (var file = File.Create(zip))
            {
                var buffer = new byte[81920];
                long total = 0;
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    total += n;
                    if (total > MaxBytes)
                    {
                        throw new InvalidDataException($"the export is larger than {MaxBytes} bytes");
                    }

                    file.Write(buffer, 0, n);
                }
            }

            ZipFile.ExtractToDirectory(zip, outDirectory, overwriteFiles: true);
        }
        finally
        {
            File.Delete(zip);
        }

        var log = LogAudit.VerifyLogDirectory(outDirectory);
        if (!log.Ok)
        {
            throw new InvalidDataException("the fetched log does not verify: " + log.Message);
        }

        var summary = Path.Combine(outDirectory, "export.txt");
        return (File.Exists(summary) ? File.ReadAllText(summary).Trim() : $"exported to {outDirectory}") + $" (over HTTP from {baseUri}; {log.Message})";
    }

    private static string Problem(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(response.Content.ReadAsStream(ct));
            var title = doc.RootElement.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = doc.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(x => !string.IsNullOrEmpty(x)));
        }
        catch (JsonException)
        {
            return response.ReasonPhrase ?? "";
        }
    }
}

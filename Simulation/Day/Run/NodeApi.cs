using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Mobility.Simulation.Day.Run;

/// <summary>One answer of the node: status, body text, and the body parsed when it is JSON.</summary>
public sealed record ApiAnswer(int Status, string Text)
{
    private JsonElement? _json;

    public bool Ok => Status is >= 200 and < 300;

    /// <summary>The body parsed once (a problem details body too).</summary>
    public JsonElement Json => _json ??= JsonDocument.Parse(Text).RootElement;
}

/// <summary>A latency sample: endpoint (a route template), simulated minute of the day, milliseconds, HTTP status.</summary>
public readonly record struct LatencySample(string Endpoint, int Minute, double Milliseconds, int Status);

/// <summary>
/// The node's public HTTP API as the simulation calls it: every request is timed and recorded under its endpoint's
/// route template, at the simulated minute it was sent.
/// </summary>
public sealed class NodeApi(HttpClient http, Func<int> minuteOfDay)
{
    public ConcurrentQueue<LatencySample> Samples { get; } = new();

    public HttpClient Http { get; set; } = http;

    public Task<ApiAnswer> GetAsync(string endpoint, string path, string? token, CancellationToken ct, string? accept = null) =>
        SendAsync(endpoint, HttpMethod.Get, path, token, null, ct, accept: accept);

    public Task<ApiAnswer> PostJsonAsync(string endpoint, string path, string? token, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        SendAsync(endpoint, HttpMethod.Post, path, token, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), JsonOptions), ct, idempotencyKey);

    public async Task<ApiAnswer> SendAsync(string endpoint, HttpMethod method, string path, string? token, byte[]? body, CancellationToken ct,
        string? idempotencyKey = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (accept is not null)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
        }

        var minute = minuteOfDay();
        var t = Stopwatch.GetTimestamp();
        using var response = await Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        Samples.Enqueue(new LatencySample(endpoint, minute, Stopwatch.GetElapsedTime(t).TotalMilliseconds, (int)response.StatusCode));
        return new ApiAnswer((int)response.StatusCode, text);
    }

    /// <summary>The web defaults (camelCase) of the node's trip, offer and auth bodies, for the anonymous bodies built here; carpool bodies are written by hand or by the CarpoolProof serializer.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}

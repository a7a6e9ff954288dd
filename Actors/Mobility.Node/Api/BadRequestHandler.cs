using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Mobility.Node.Api;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, wrong content type, missing body) into an RFC 9457
/// problem that says what is wrong, including the JSON line and position, instead of a bare 400.
/// </summary>
public sealed class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var detail = bad.InnerException is JsonException json
            ? $"The body is not valid JSON for this endpoint (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}, path {json.Path ?? "$"})."
            : bad.Message;
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = detail },
        });
    }
}

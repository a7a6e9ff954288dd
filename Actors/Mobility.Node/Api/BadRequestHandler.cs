using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace Mobility.Node.Api;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a wrong type, a missing body, a query value that
/// does not parse) into an RFC 9457 problem in the API's own words: what is wrong, and <c>errors</c> keyed by the
/// field path, never the framework's text (which named .NET types and parameters the API does not document).
/// </summary>
public sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (field, detail) = Explain(bad);
        httpContext.Response.StatusCode = bad.StatusCode;
        var problem = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Title = "The request could not be read.", Detail = detail },
        };
        problem.ProblemDetails.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [detail] };
        return await problems.TryWriteAsync(problem);
    }

    /// <summary>The field the problem is about (a JSON path, a parameter name, or <c>$</c> for the whole body) and what to say.</summary>
    internal static (string Field, string Detail) Explain(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 0 } p ? p : "$";
            var what = json.Message.Contains("could not be converted", StringComparison.Ordinal) ? $"the value at {path} has the wrong type"
                : json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? $"{path} is not a member this endpoint reads"
                : json.Message.Contains(OffsetTimeConverter.NoOffset, StringComparison.Ordinal) ? $"the time at {path} needs its offset (Z or +hh:mm)"
                : "the body is not valid JSON for this endpoint";
            return (path, $"{char.ToUpperInvariant(what[0])}{what[1..]} (line {json.LineNumber + 1}, byte {json.BytePositionInLine + 1}, path {path}).");
        }

        var message = bad.Message;
        if (message.Contains("Implicit body inferred", StringComparison.Ordinal) || message.Contains("no body was provided", StringComparison.Ordinal)
            || message.Contains("Expected a supported JSON media type", StringComparison.Ordinal))
        {
            return ("$", "This endpoint needs a JSON body sent as Content-Type: application/json.");
        }

        if (ParameterValue().Match(message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            return (name, $"'{m.Groups["value"].Value}' is not a valid value for {name}.");
        }

        if (RequiredParameter().Match(message) is { Success: true } r)
        {
            var name = r.Groups["name"].Value;
            return (name, $"{name} is required.");
        }

        return ("$", $"The request could not be read (HTTP {bad.StatusCode}).");
    }

    // "Failed to bind parameter "long index" from "abc"."
    [GeneratedRegex("""parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" from "(?<value>[^"]{0,64})[^"]*"\.?""")]
    private static partial Regex ParameterValue();

    // "Required parameter "string from" was not provided from query string."
    [GeneratedRegex("""Required parameter "(?:[^"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)" was not provided""")]
    private static partial Regex RequiredParameter();
}

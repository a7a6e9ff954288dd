namespace Mobility.Node.Api;

/// <summary>
/// The last touch on every problem the node writes through the problem-details service (RFC 9457): answers the
/// framework produces on its own (415 for a body that is not JSON, 404 for no route) say what to do, in the same
/// shape as the API's own, with <c>errors</c> keyed by the field (<c>$</c>: the whole body).
/// </summary>
internal static class ProblemShape
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Status == StatusCodes.Status415UnsupportedMediaType && problem.Detail is null)
        {
            problem.Detail = "Send the body as JSON with Content-Type: application/json.";
            problem.Extensions.TryAdd("errors", new Dictionary<string, string[]> { ["$"] = [problem.Detail] });
        }
        else if (problem.Status == StatusCodes.Status404NotFound && problem.Detail is null)
        {
            problem.Detail = $"No endpoint at {context.HttpContext.Request.Method} {context.HttpContext.Request.Path}; the API reference is at /scalar.";
        }
    }
}

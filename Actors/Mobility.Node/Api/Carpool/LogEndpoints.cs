using Akka.Actor;
using Akka.Hosting;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Pipeline;
using Mobility.Node.Security;
using static Mobility.Node.Api.Carpool.CarpoolAsk;
using static Mobility.Node.Api.Carpool.JourneyContracts;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// The transparency log over HTTP: the latest signed checkpoint (C2SP signed note), RFC 9162 inclusion and
/// consistency proofs (base64 hashes), and leaves for the offline <c>mobility audit</c> commands. Checkpoints and
/// proofs are public: whoever holds an attestation must be able to check it and the log's consistency. The leaves
/// (salted commitments only: no operator, journey, time or identity) are exported to authorities; their openings only
/// to the territory's authority (<c>/authority/log/openings</c>).
/// </summary>
public static class LogEndpoints
{
    public static IEndpointRouteBuilder MapLogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/log").WithTags("Transparency log");
        group.MapGet("/checkpoint", Checkpoint).Produces<CheckpointResponse>().WithName("LogCheckpoint").WithSummary("The latest signed checkpoint (C2SP tlog-checkpoint, signed note).");
        group.MapGet("/proofs/inclusion", Inclusion).Produces<ProofResponse>().WithName("LogInclusionProof").WithSummary("RFC 9162 2.1.3 inclusion proof of leaf index in the tree of size leaves.");
        group.MapGet("/proofs/consistency", Consistency).Produces<ProofResponse>().WithName("LogConsistencyProof").WithSummary("RFC 9162 2.1.4 consistency proof between two tree sizes.");
        group.MapGet("/keys", Keys).Produces<KeysResponse>().WithName("LogKeys").WithSummary("The log's origin and C2SP verifier key, and the platform keys that sign checkpoints, attestations and settlements, with their periods. Public: auditors verify offline with it.");
        group.MapGet("/leaves", Leaves).RequireAuthorization(Roles.Authority).Produces<LeavesResponse>().WithName("LogLeaves").WithSummary($"Leaves [start, end), base64, at most {LogSingletonActor.MaxLeavesPerRead} a request.");
        return app;
    }

    internal static async Task<IResult> Checkpoint(IRequiredActor<LogSingleton> log, HttpContext http, CancellationToken ct)
    {
        var reply = await ReadAsync(log, new LogMessages.GetCheckpoint(), ct);
        if (reply is not LogMessages.CheckpointNote note)
        {
            return LogUnavailable();
        }

        // The note itself is the C2SP text; JSON callers get size and note.
        return http.Request.Headers.Accept.Any(a => a?.Contains("text/plain", StringComparison.OrdinalIgnoreCase) == true)
            ? Results.Text(note.Note, "text/plain; charset=utf-8")
            : Ok(new CheckpointResponse(note.Size, note.Note));
    }

    internal static IResult Keys(CarpoolContext carpool, HttpContext http)
    {
        var data = carpool.Data;
        var platform = data.Platform;

        // The verifier key file is written once, when the key is created: its time is when the key began to sign.
        var vkeyFile = Path.Combine(data.Path, ProofDataDirectory.VkeyFile);
        DateTimeOffset? since = File.Exists(vkeyFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(vkeyFile), TimeSpan.Zero) : null;
        var entry = new PlatformKeyEntry("Ed25519", platform.Did, platform.VerificationMethod, Convert.ToBase64String(platform.PublicKey), since, null, true, data.Vkey);

        // Keys retired by rotation (keys rotate-platform), oldest first: what they signed stays verifiable.
        var retired = PlatformKeyHistory.Read(data.Path).Select(k => new PlatformKeyEntry("Ed25519", k.Did, k.VerificationMethod, k.PublicKey, k.Since, k.Until, false, k.Vkey));
        http.Response.Headers.CacheControl = "public, max-age=300";
        return Ok(new KeysResponse(data.Origin, data.Vkey, [.. retired, entry]));
    }

    internal static Task<IResult> Inclusion(IRequiredActor<LogSingleton> log, long? index, long? size, CancellationToken ct) =>
        index is null || size is null
            ? Task.FromResult<IResult>(Invalid("index", "index and size are both required."))
            : ProofAsync(log, new LogMessages.ProveInclusion(index.Value, size.Value), ct);

    internal static Task<IResult> Consistency(IRequiredActor<LogSingleton> log, long? from, long? to, CancellationToken ct) =>
        from is null || to is null
            ? Task.FromResult<IResult>(Invalid("from", "from and to are both required."))
            : ProofAsync(log, new LogMessages.ProveConsistency(from.Value, to.Value), ct);

    internal static async Task<IResult> Leaves(IRequiredActor<LogSingleton> log, long? start, long? end, CancellationToken ct)
    {
        if (start is null || end is null)
        {
            return Invalid("start", "start and end are both required.");
        }

        return await ReadAsync(log, new LogMessages.ReadLeaves(start.Value, end.Value), ct) switch
        {
            LogMessages.Leaves l => Ok(new LeavesResponse(l.Start, l.Base64)),
            LogMessages.Failed f => Problem(StatusOf(f), "Leaves not available", f.Reason),
            _ => LogUnavailable(),
        };
    }

    internal static async Task<IResult> Openings(IRequiredActor<LogSingleton> log, long? start, long? end, CancellationToken ct)
    {
        if (start is null || end is null)
        {
            return Invalid("start", "start and end are both required.");
        }

        return await ReadAsync(log, new LogMessages.ReadOpenings(start.Value, end.Value), ct) switch
        {
            LogMessages.Openings o => Ok(new OpeningsResponse(o.Start, [.. o.Items.Select(i => new OpeningItem(i.LeafIndex, i.Salt, i.Body))])),
            LogMessages.Failed f => Problem(StatusOf(f), "Openings not available", f.Reason),
            _ => LogUnavailable(),
        };
    }

    private static async Task<IResult> ProofAsync(IRequiredActor<LogSingleton> log, object request, CancellationToken ct) =>
        await ReadAsync(log, request, ct) switch
        {
            LogMessages.Proof p => Ok(new ProofResponse(p.First, p.Second, p.Path)),
            LogMessages.Failed f => Problem(StatusOf(f), "No such proof", f.Reason),
            _ => LogUnavailable(),
        };

    /// <summary>
    /// Reads are answered from the singleton's memory and store in milliseconds; one that has not answered within
    /// <see cref="ReadTimeout"/> is not coming (a log store that failed to open, a singleton being handed over), so
    /// the caller gets a 503 with Retry-After well before a client or proxy gives up.
    /// </summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private static async Task<object?> ReadAsync(IRequiredActor<LogSingleton> log, object message, CancellationToken ct)
    {
        try
        {
            return await log.ActorRef.Ask<object>(message, ReadTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult LogUnavailable() => Problem(StatusCodes.Status503ServiceUnavailable, "Transparency log unavailable",
        $"No answer within {ReadTimeout.TotalSeconds:0} s; /health/ready says why; retry later.");

    private static int StatusOf(LogMessages.Failed f) =>
        f.Kind == LogFailure.OutOfRange ? StatusCodes.Status400BadRequest : StatusCodes.Status503ServiceUnavailable;
}

using Akka.Hosting;
using Mobility.Actors.Carpool;
using Mobility.CarpoolProof.Declarations;
using Mobility.CarpoolProof.Evidence;
using Mobility.CarpoolProof.Pipeline;
using static Mobility.Node.Api.Carpool.CarpoolAsk;
using static Mobility.Node.Api.Carpool.JourneyContracts;

namespace Mobility.Node.Api.Carpool;

/// <summary>
/// <c>POST /v3/journeys/batch</c>: an operator-signed <see cref="DeclarationBatch"/> (docs/proofs.md). The batch
/// signature is verified once here; each declaration then goes through its journey entity like a single one (device
/// signatures, grading, rules, log, attestation) and gets its own answer in the 200 response.
/// </summary>
public static class JourneyBatchEndpoint
{
    /// <summary>Most declarations per HTTP batch (a declaration is about 2 KB).</summary>
    public const int MaxDeclarations = 1_000;

    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>Declarations of one batch in flight at once towards their entities.</summary>
    private const int InFlight = 32;

    /// <summary>One declaration's answer: the HTTP status it would have had alone, its labels, and the journey when recorded.</summary>
    public sealed record ItemResponse(string OperatorJourneyId, int Status, string Title, string? Detail, string[] Labels, JourneyResponse? Journey);

    public sealed record BatchResponse(string OperatorId, int Recorded, int Refused, ItemResponse[] Results);

    internal static async Task<IResult> DeclareBatch(HttpContext http, IRequiredActor<JourneyRegion> journeys, IRequiredActor<KeyBindingRegion> bindings, CancellationToken ct)
    {
        if (Caller.Operator(http) is not { } caller)
        {
            return Unauthenticated("an operator");
        }

        var tooLarge = Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"A batch is at most {MaxBytes} bytes.");
        if (http.Request.ContentLength > MaxBytes || await JourneyEndpoints.ReadBoundedAsync(http.Request.Body, MaxBytes, ct) is not { } body)
        {
            return tooLarge;
        }

        DeclarationBatch batch;
        try
        {
            batch = DeclarationJson.ParseBatch(body, MaxDeclarations);
        }
        catch (DeclarationFormatException e)
        {
            return Invalid(e.JsonPath, e.Reason);
        }

        if (batch.OperatorId != caller.Value)
        {
            return Problem(StatusCodes.Status403Forbidden, "Another operator's batch", $"The batch is signed for '{batch.OperatorId}', not by '{caller}'.");
        }

        for (var i = 0; i < batch.Declarations.Count; i++)
        {
            if (batch.Declarations[i].Journey?.OperatorJourneyId is not { } id || !JourneyEndpoints.IsJourneyId(id))
            {
                return Invalid($"$.declarations[{i}].journey.operator_journey_id", $"1 to {DeclarationValidator.MaxIdLength} printable characters.");
            }
        }

        // One verification for the whole batch, against the key the operator bound (PUT /v3/operator/key).
        var keys = new KeyDirectory();
        switch (await AskAsync(bindings.ActorRef, new KeyBindingMessages.Get("operator:" + caller.Value), ct))
        {
            case KeyBindingMessages.Binding { Value: { } bound } when Base64Url.TryDecode(bound, Ed25519Keys.PublicKeyLength, out var raw):
                keys.RegisterOperator(caller.Value, raw);
                break;
            case null:
                return Unavailable("Key binding");
        }

        var hashes = batch.Declarations.Select(JourneyCommitment.HashDeclaration).ToArray();
        if (EvidenceVerifier.VerifyBatch(batch.OperatorId, batch.OperatorSignature, hashes, keys) is { } failure)
        {
            return Problem(StatusCodes.Status401Unauthorized, "Batch signature refused", failure.Detail,
                new Dictionary<string, object?> { ["labels"] = new[] { failure.Label } });
        }

        var results = new ItemResponse[batch.Declarations.Count];
        using var gate = new SemaphoreSlim(InFlight);
        await Task.WhenAll(batch.Declarations.Select(async (d, i) =>
        {
            await gate.WaitAsync(ct);
            try
            {
                var id = d.Journey.OperatorJourneyId;
                var reply = await AskAsync(journeys.ActorRef,
                    new JourneyMessages.Declare(caller.Value + "/" + id, DeclarationJson.SerializeToUtf8(d), SignedInBatch: true), ct);
                results[i] = reply switch
                {
                    JourneyMessages.Declared r => new ItemResponse(id, VerdictStatus.Of(r.Verdict), VerdictStatus.TitleOf(r.Verdict), r.Detail,
                        [.. r.Violations.Where(v => v.AppliesHere).Select(v => v.Label).Distinct()], r.Journey is { } j ? JourneyResponse.From(j) : null),
                    null => new ItemResponse(id, StatusCodes.Status503ServiceUnavailable, "Journey entity unavailable", $"No answer within {CarpoolAsk.Timeout.TotalSeconds:0} s; retry this declaration.", [], null),
                    _ => new ItemResponse(id, StatusCodes.Status500InternalServerError, "Unexpected reply", reply.GetType().Name, [], null),
                };
            }
            finally
            {
                gate.Release();
            }
        }));
        var recorded = results.Count(r => r.Status == StatusCodes.Status201Created);
        return Ok(new BatchResponse(batch.OperatorId, recorded, results.Length - recorded, results));
    }
}

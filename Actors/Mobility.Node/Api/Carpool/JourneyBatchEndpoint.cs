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
/// signature is verified once here; the batch is then decided as a unit by <see cref="DeclarationBatchWorkflow"/> (one
/// reservation per identity, one log append, one write per entity) and each declaration gets, in the 200 response,
/// the answer it would have had alone in the same order.
/// </summary>
public static class JourneyBatchEndpoint
{
    /// <summary>Most declarations per HTTP batch (a declaration is about 2 KB).</summary>
    public const int MaxDeclarations = 1_000;

    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>One declaration's answer: the HTTP status it would have had alone, its labels, and the journey when recorded.</summary>
    public sealed record ItemResponse(string OperatorJourneyId, int Status, string Title, string? Detail, string[] Labels, JourneyResponse? Journey);

    public sealed record BatchResponse(string OperatorId, int Recorded, int Refused, ItemResponse[] Results);

    internal static async Task<IResult> DeclareBatch(HttpContext http, CarpoolContext carpool, IRequiredActor<JourneyRegion> journeys, IRequiredActor<IdentityRegion> identities,
        IRequiredActor<KeyBindingRegion> bindings, IRequiredActor<LogSingleton> log, IRequiredActor<BatchManifestRegion> manifests, CancellationToken ct)
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

        var workflow = new DeclarationBatchWorkflow(carpool, journeys.ActorRef, identities.ActorRef, bindings.ActorRef, log.ActorRef, manifests.ActorRef);
        var answers = await workflow.RunAsync(batch, hashes, ct);
        var results = answers.Select((r, i) => new ItemResponse(batch.Declarations[i].Journey.OperatorJourneyId, VerdictStatus.Of(r.Verdict), VerdictStatus.TitleOf(r.Verdict),
            r.Detail, r.Journey is { } recorded ? [.. recorded.Labels] : [.. r.Violations.Where(v => v.AppliesHere).Select(v => v.Label).Distinct()],
            r.Journey is { } j ? JourneyResponse.From(j) : null)).ToArray();
        var recorded = results.Count(r => r.Status == StatusCodes.Status201Created);
        return Ok(new BatchResponse(batch.OperatorId, recorded, results.Length - recorded, results));
    }
}

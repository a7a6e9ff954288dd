using System.Security.Cryptography;
using Akka.Hosting;
using Mobility.Actors.Operators;
using Mobility.Node.City;
using Mobility.Node.Configuration;
using Mobility.Node.Feeds;
using Mobility.Node.Snapshots;
using Mobility.Node.Security;

namespace Mobility.Node.Api;

/// <summary>An operator's live side: carpool offers, polled feed URLs, GTFS uploads. Every route is the operator's own.</summary>
public static class OfferEndpoints
{
    /// <summary>GTFS uploads above this are refused (413) before being read.</summary>
    public const long MaxGtfsUploadBytes = 200L << 20;

    public static IEndpointRouteBuilder MapOfferEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/operators/{id}").WithTags("Operators").RequireAuthorization(Roles.Operator).RequireTenantFromRoute("id");
        group.MapPost("/offers", Publish).WithName("PublishOffer").WithSummary("Publishes (or replaces, same offerId) a carpool offer; every node's planner sees it within a second.")
            .Produces<OfferResponse>();
        group.MapGet("/offers", Offers).WithName("ListOffers").WithSummary("The operator's offers with their free seats.").Produces<IReadOnlyList<OfferResponse>>();
        group.MapDelete("/offers/{offerId}", Withdraw).WithName("WithdrawOffer").WithSummary("Withdraws an offer (trips already holding seats keep them).");
        group.MapPost("/feeds", RegisterFeed).WithName("RegisterFeed").WithSummary("Registers a GBFS (gbfs.json) or GTFS-RT URL that the node polls.");
        group.MapDelete("/feeds", UnregisterFeed).WithName("UnregisterFeed")
            .WithSummary("Unregisters one of the operator's polled feeds (query: kind, url): it is no longer polled, and its vehicles or realtime updates leave every node's planner. 404 when the operator has no such feed.")
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/feeds", Feeds).WithName("ListFeeds").WithSummary("The operator's polled feeds with their poll state, and its recorded feed versions.");
        group.MapPost("/feeds/gtfs", UploadGtfs).WithName("UploadGtfs").WithSummary($"Uploads a GTFS Schedule zip (multipart field 'file', at most {MaxGtfsUploadBytes >> 20} MiB); answers the validation result. An accepted feed becomes the operator's timetable in the planner (versioned, swapped atomically); a refused one changes nothing.")
            .Produces<GtfsUploadResponse>().ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        return app;
    }

    internal static async Task<IResult> Publish(string id, PublishOfferRequest request, IRequiredActor<OperatorRegion> region, TimeProvider clock, CancellationToken ct)
    {
        var op = OperatorId.Parse(id);
        if (request.Origin is null || request.Destination is null || request.DepartEarliest is null || request.DepartLatest is null || request.Seats is null
            || request.MaxDetourMinutes is null || request.Price is null)
        {
            var missing = request.Origin is null ? "origin" : request.Destination is null ? "destination" : request.DepartEarliest is null ? "departEarliest"
                : request.DepartLatest is null ? "departLatest" : request.Seats is null ? "seats" : request.MaxDetourMinutes is null ? "maxDetourMinutes" : "price";
            return EntityAsk.Invalid(missing, "Required.");
        }

        var offer = new CarpoolOffer(
            request.OfferId ?? string.Empty,
            new GeoPoint(request.Origin.Lat, request.Origin.Lon),
            new GeoPoint(request.Destination.Lat, request.Destination.Lon),
            request.DepartEarliest.Value.ToUniversalTime(),
            request.DepartLatest.Value.ToUniversalTime(),
            request.Seats.Value,
            request.MaxDetourMinutes.Value,
            new PriceRule(request.Price.Currency ?? string.Empty, request.Price.BaseCents, request.Price.PerKmCents));
        var reply = await region.AskAsync(new OperatorCommands.PublishOffer(op, offer, clock.GetUtcNow()), ct);
        return reply is OperatorReplies.Accepted a
            ? TypedResults.Ok(OfferResponse.From(a.Operator.Offers.Single(o => o.Offer.OfferId == offer.OfferId)))
            : Refused(reply);
    }

    internal static async Task<IResult> Offers(string id, IRequiredActor<OperatorRegion> region, CancellationToken ct) =>
        await region.AskAsync(new OperatorQueries.Get(OperatorId.Parse(id)), ct) switch
        {
            OperatorReplies.Found f => TypedResults.Ok(f.Operator.Offers.Select(OfferResponse.From).ToList()),
            var other => Refused(other),
        };

    internal static async Task<IResult> Withdraw(string id, string offerId, IRequiredActor<OperatorRegion> region, TimeProvider clock, CancellationToken ct) =>
        await region.AskAsync(new OperatorCommands.WithdrawOffer(OperatorId.Parse(id), offerId, clock.GetUtcNow()), ct) switch
        {
            OperatorReplies.Accepted => TypedResults.NoContent(),
            var other => Refused(other),
        };

    internal static async Task<IResult> RegisterFeed(string id, RegisterFeedRequest request, IRequiredActor<OperatorRegion> region, FeedPollers pollers, NodeSettings settings, TimeProvider clock, CancellationToken ct)
    {
        var kind = FeedKinds.Parse(request.Kind);
        if (kind is not (FeedKind.Gbfs or FeedKind.GtfsRealtime))
        {
            return EntityAsk.Invalid("kind", "gbfs or gtfs-rt (GTFS Schedule is uploaded to /feeds/gtfs).");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            return EntityAsk.Invalid("url", "An absolute http(s) URL.");
        }

        if (!settings.Feeds.AllowPrivateTargets && FeedTargets.RefusedAtRegistration(url) is { } where)
        {
            return EntityAsk.Invalid("url", $"A feed must be on a public address, not {where}.");
        }

        var reply = await region.AskAsync(new OperatorCommands.RegisterFeedSource(OperatorId.Parse(id), kind.Value, url, clock.GetUtcNow()), ct);
        if (reply is OperatorReplies.Accepted a)
        {
            pollers.Ensure(a.Operator.Id, kind.Value, url);
            return TypedResults.Ok(FeedsResponse(a.Operator, pollers));
        }

        return Refused(reply);
    }

    internal static async Task<IResult> UnregisterFeed(string id, string? kind, string? url, IRequiredActor<OperatorRegion> region, FeedPollers pollers, TimeProvider clock, CancellationToken ct)
    {
        var feedKind = FeedKinds.Parse(kind);
        if (feedKind is not (FeedKind.Gbfs or FeedKind.GtfsRealtime))
        {
            return EntityAsk.Invalid("kind", "gbfs or gtfs-rt, as registered.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var target))
        {
            return EntityAsk.Invalid("url", "The feed's URL, as registered.");
        }

        var reply = await region.AskAsync(new OperatorCommands.UnregisterFeedSource(OperatorId.Parse(id), feedKind.Value, target, clock.GetUtcNow()), ct);
        if (reply is not OperatorReplies.Accepted a)
        {
            return Refused(reply);
        }

        if (!a.Changed)
        {
            return TypedResults.Problem(statusCode: 404, title: "Feed not found", detail: $"Operator '{id}' has no {FeedKinds.Name(feedKind.Value)} feed at that URL.");
        }

        pollers.Remove(a.Operator.Id, feedKind.Value, target);
        return TypedResults.Ok(FeedsResponse(a.Operator, pollers));
    }

    internal static async Task<IResult> Feeds(string id, IRequiredActor<OperatorRegion> region, FeedPollers pollers, CancellationToken ct) =>
        await region.AskAsync(new OperatorQueries.Get(OperatorId.Parse(id)), ct) switch
        {
            OperatorReplies.Found f => TypedResults.Ok(FeedsResponse(Resume(f.Operator, pollers), pollers)),
            var other => Refused(other),
        };

    /// <summary>Pollers live on one node and are gone after it restarts: listing the feeds starts any missing one here.</summary>
    private static OperatorView Resume(OperatorView op, FeedPollers pollers)
    {
        foreach (var source in op.Sources)
        {
            pollers.Ensure(op.Id, source.Kind, source.Url);
        }

        return op;
    }

    internal static async Task<IResult> UploadGtfs(string id, HttpRequest http, IRequiredActor<OperatorRegion> region, NodeSettings settings, OperatorTimetables timetables, SharedUploads shared, TimeProvider clock, CancellationToken ct)
    {
        if (http.ContentLength > MaxGtfsUploadBytes)
        {
            return TypedResults.Problem(statusCode: 413, title: "Too large", detail: $"A GTFS upload is at most {MaxGtfsUploadBytes >> 20} MiB.");
        }

        if (!http.HasFormContentType)
        {
            return EntityAsk.Invalid("file", "Send multipart/form-data with the zip in field 'file'.");
        }

        var form = await http.ReadFormAsync(new Microsoft.AspNetCore.Http.Features.FormOptions { MultipartBodyLengthLimit = MaxGtfsUploadBytes }, ct);
        if (form.Files.GetFile("file") is not { Length: > 0 } file)
        {
            return EntityAsk.Invalid("file", "Send multipart/form-data with the zip in field 'file'.");
        }

        // Validated from a temporary file; only a valid feed is kept (under <data>/feeds/<operator>/<sha256>.zip) and recorded.
        var op = OperatorId.Parse(id);
        var folder = Path.Combine(settings.DataFolder, "feeds", op.Value);
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".upload-{Guid.NewGuid():N}.zip");
        try
        {
            string sha;
            await using (var target = File.Create(temp))
            await using (var source = file.OpenReadStream())
            {
                await source.CopyToAsync(target, ct);
                target.Position = 0;
                sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(target, ct));
            }

            // Off the request thread: reading a large feed is CPU work, bounded by GtfsUploadCheck's limits.
            var (problems, summary) = await Task.Run(() => (GtfsUploadCheck.Check(temp, out var s), s), ct);
            if (problems.Count > 0 || summary is null)
            {
                return TypedResults.Problem(statusCode: 422, title: "Invalid GTFS feed", detail: $"{file.FileName}: {problems[0]}",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [.. problems] } });
            }

            var kept = Path.Combine(folder, sha + ".zip");
            File.Move(temp, kept, overwrite: true);

            // The planner's snapshot with this feed is built first, the version recorded next, and only then is the
            // snapshot served: a failure at any step leaves the operator's served feed as it was.
            using var change = await timetables.BeginAsync(ct);
            RoutingSnapshot? next;
            try
            {
                next = await change.BuildAsync(new UploadedFeed(op.Value, 0, sha, kept), ct);
            }
            catch (SnapshotInputException e)
            {
                return TypedResults.Problem(statusCode: 422, title: "Invalid GTFS feed", detail: $"{file.FileName}: the planner cannot combine it with the territory's feeds: {e.Message}",
                    extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["file"] = [e.Message] } });
            }

            // In a cluster the bytes go to the shared store before the version is recorded (a recorded version always
            // has its bytes), and the version row after: every node then serves it (UploadFollower).
            if (shared.Shared && !await TryShareAsync(() => shared.PutAsync(sha, kept, ct)))
            {
                return UnsharedProblem("The feed could not be stored for the cluster; nothing was recorded.");
            }

            var reply = await region.AskAsync(new OperatorCommands.RecordFeedVersion(op, FeedKind.Gtfs, sha, null, clock.GetUtcNow()), ct);
            if (reply is not OperatorReplies.Accepted a)
            {
                return Refused(reply);
            }

            var version = a.Operator.Feeds.Last(f => f.Kind == FeedKind.Gtfs && f.Sha256 == sha).Number;
            if (shared.Shared && !await TryShareAsync(() => shared.RecordAsync(new SharedUpload(op.Value, version, sha, new FileInfo(kept).Length), ct)))
            {
                // The same upload again records the same version (same content) and shares it: nothing is served until then.
                return UnsharedProblem($"Version {version} was recorded but not shared with the cluster's nodes; upload the same file again.");
            }

            change.Publish(new UploadedFeed(op.Value, version, sha, kept), next);
            return TypedResults.Ok(new GtfsUploadResponse(sha, true, summary.ToString(), version, next is null ? "recorded; this node has no routing snapshot to serve it" : "served by the planner"));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static async Task<bool> TryShareAsync(Func<Task> share)
    {
        try
        {
            await share();
            return true;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return false;
        }
    }

    private static IResult UnsharedProblem(string detail) =>
        TypedResults.Problem(statusCode: 503, title: "Store unavailable", detail: detail);

    private static object FeedsResponse(OperatorView op, FeedPollers pollers) => new
    {
        sources = op.Sources.Select(s => new { kind = FeedKinds.Name(s.Kind), url = s.Url.AbsoluteUri, registeredAt = s.RegisteredAt, poll = pollers.StatusOf(op.Id, s.Kind, s.Url) }).ToList(),
        versions = op.Feeds.Select(f => new FeedVersionResponse(FeedKinds.Name(f.Kind), f.Number, f.Sha256, f.Source?.AbsoluteUri, f.RecordedAt)).ToList(),
    };

    private static IResult Refused(object reply) => reply switch
    {
        OperatorReplies.Rejected { Kind: RejectionKind.Invalid } r => TypedResults.Problem(
            statusCode: 400, title: "The request is not valid.", detail: r.Reason,
            extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [r.Field] = [r.Reason] } }),
        OperatorReplies.Rejected { Kind: RejectionKind.NotRegistered } r => TypedResults.Problem(statusCode: 404, title: "Operator not found", detail: r.Reason),
        OperatorReplies.NotFound n => TypedResults.Problem(statusCode: 404, title: "Operator not found", detail: $"Operator '{n.OperatorId}' is not registered."),
        OperatorReplies.Rejected r => TypedResults.Problem(statusCode: 409, title: "Conflict", detail: r.Reason),
        _ => EntityAsk.UnavailableProblem(),
    };
}

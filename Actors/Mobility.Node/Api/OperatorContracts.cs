using Mobility.Actors.Operators;

namespace Mobility.Node.Api;

/// <summary>Body of <c>POST /operators</c>.</summary>
/// <param name="Id">2-63 characters of a-z, 0-9 and inner '-'; the operator's permanent id.</param>
/// <param name="Name">Display name, 1-200 characters.</param>
/// <param name="ContactEmail">Optional contact address.</param>
public sealed record RegisterOperatorRequest(string? Id, string? Name, string? ContactEmail);

/// <summary>Body of <c>POST /operators/{id}/feed-versions</c>.</summary>
/// <param name="Kind">gtfs, gtfs-rt or gbfs.</param>
/// <param name="Sha256">SHA-256 of the feed content, 64 lower-case hex digits.</param>
/// <param name="Source">Optional http(s) URL the feed was fetched from.</param>
public sealed record RecordFeedVersionRequest(string? Kind, string? Sha256, string? Source);

/// <summary>An accepted GTFS upload: its hash, what it holds, its version number and whether this node's planner serves it.</summary>
public sealed record GtfsUploadResponse(string Sha256, bool Valid, string Summary, int Version, string Planner);

public sealed record FeedVersionResponse(string Kind, int Number, string Sha256, string? Source, DateTimeOffset RecordedAt);

public sealed record OperatorResponse(string Id, string Name, string? ContactEmail, DateTimeOffset RegisteredAt, IReadOnlyList<FeedVersionResponse> Feeds)
{
    public static OperatorResponse From(OperatorView view) => new(
        view.Id.Value,
        view.Name,
        view.ContactEmail,
        view.RegisteredAt,
        [.. view.Feeds.Select(f => new FeedVersionResponse(FeedKinds.Name(f.Kind), f.Number, f.Sha256, f.Source?.AbsoluteUri, f.RecordedAt))]);
}

/// <summary>The wire names of <see cref="FeedKind"/>.</summary>
public static class FeedKinds
{
    public static string Name(FeedKind kind) => kind switch
    {
        FeedKind.Gtfs => "gtfs",
        FeedKind.GtfsRealtime => "gtfs-rt",
        FeedKind.Gbfs => "gbfs",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static FeedKind? Parse(string? text) => text switch
    {
        "gtfs" => FeedKind.Gtfs,
        "gtfs-rt" => FeedKind.GtfsRealtime,
        "gbfs" => FeedKind.Gbfs,
        _ => null,
    };
}

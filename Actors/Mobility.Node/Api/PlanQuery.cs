using System.Globalization;
using Mobility.Node.Snapshots;
using Mobility.Routing.Planning;
using Mobility.Routing.Street;

namespace Mobility.Node.Api;

/// <summary>
/// Reads and bounds the query of <c>GET /plan</c> against a snapshot: coordinates in degrees and inside the snapshot's
/// area (plus the snapping distance), one of depart/arriveBy as an ISO 8601 date-time (local to the timetable's zone
/// unless it carries an offset) inside the service period and within <see cref="MaxDistanceFromNow"/> of now, modes
/// among walk, transit, bike, bikeshare, carpool, car-pr, and the carpool window in minutes. A failure names the parameter.
/// </summary>
public static class PlanQuery
{
    /// <summary>Longest accepted query text per parameter.</summary>
    public const int MaxParameterLength = 64;

    /// <summary>How far from the present a trip may be planned (the past helps checking a journey; a year is plenty).</summary>
    public static readonly TimeSpan MaxDistanceFromNow = TimeSpan.FromDays(366);

    public sealed record Failure(string Parameter, string Message);

    public const int MinWindowMinutes = 5;
    public const int MaxWindowMinutes = 180;
    public const int DefaultWindowMinutes = 120;

    /// <summary>The carpool window: whole minutes in [<see cref="MinWindowMinutes"/>, <see cref="MaxWindowMinutes"/>].</summary>
    public static TimeSpan? Window(string? text, out Failure? failure)
    {
        failure = null;
        if (text is null)
        {
            return TimeSpan.FromMinutes(DefaultWindowMinutes);
        }

        if (text.Length > MaxParameterLength || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var minutes)
            || minutes is < MinWindowMinutes or > MaxWindowMinutes)
        {
            failure = new Failure("window", $"window must be a whole number of minutes from {MinWindowMinutes} to {MaxWindowMinutes} (got '{(text.Length > MaxParameterLength ? text[..MaxParameterLength] + "..." : text)}').");
            return null;
        }

        return TimeSpan.FromMinutes(minutes);
    }

    /// <summary>The modes as the <c>modes</c> parameter names them.</summary>
    public static IReadOnlyList<string> ModeNames(PlanModes modes) =>
        [.. new[] { (PlanModes.Walk, "walk"), (PlanModes.Transit, "transit"), (PlanModes.Bike, "bike"), (PlanModes.BikeShare, "bikeshare"), (PlanModes.Carpool, "carpool"), (PlanModes.CarParkRide, "car-pr") }
            .Where(m => (modes & m.Item1) != 0).Select(m => m.Item2)];

    public static PlanRequest Parse(
        string? from, string? to, string? depart, string? arriveBy, string? modes, RoutingSnapshot snapshot, DateTimeOffset now, out Failure? failure)
    {
        failure = null;
        foreach (var (name, value) in new[] { ("from", from), ("to", to), ("depart", depart), ("arriveBy", arriveBy), ("modes", modes) })
        {
            if (value is { Length: > MaxParameterLength })
            {
                failure = new Failure(name, $"{name} is longer than {MaxParameterLength} characters.");
                return null!;
            }
        }

        var area = snapshot.Bounds.Expand(snapshot.Streets.Options.MaxSnapDistanceMeters);
        if (Coordinate("from", from, area, out failure) is not { } origin || Coordinate("to", to, area, out failure) is not { } destination)
        {
            return null!;
        }

        PlanModes parsedModes;
        try
        {
            parsedModes = string.IsNullOrWhiteSpace(modes) ? PlanModes.Default : PlanRequest.ParseModes(modes);
        }
        catch (FormatException e)
        {
            failure = new Failure("modes", $"modes: {e.Message}.");
            return null!;
        }

        if (depart is not null && arriveBy is not null)
        {
            failure = new Failure("arriveBy", "Give depart or arriveBy, not both.");
            return null!;
        }

        var (parameter, text) = arriveBy is not null ? ("arriveBy", arriveBy) : ("depart", depart);
        var zone = snapshot.TimeZone;
        DateTime local;
        if (text is null)
        {
            local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        }
        else if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.RoundtripKind, out var parsed))
        {
            failure = new Failure(parameter, $"'{text}' is not an ISO 8601 date-time (e.g. 2026-03-03T08:00 in the timetable's zone, or with an offset).");
            return null!;
        }
        else
        {
            // Without an offset the time is the wall-clock time of the timetable's zone, as in a printed timetable.
            local = parsed.Kind == DateTimeKind.Unspecified
                ? parsed
                : TimeZoneInfo.ConvertTime(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces), zone).DateTime;
        }

        var instant = new DateTimeOffset(local, zone.GetUtcOffset(local));
        if ((instant - now).Duration() > MaxDistanceFromNow)
        {
            failure = new Failure(parameter, $"{parameter} is more than {MaxDistanceFromNow.TotalDays:0} days {(instant < now ? "in the past" : "in the future")}.");
            return null!;
        }

        var (first, last) = snapshot.ServicePeriod;
        var date = DateOnly.FromDateTime(local);
        if (date < first || date > last)
        {
            failure = new Failure(parameter, $"{parameter} {local:yyyy-MM-dd} is outside the timetable's service period {first:yyyy-MM-dd} to {last:yyyy-MM-dd}.");
            return null!;
        }

        return new PlanRequest(origin, destination, local, arriveBy is not null, parsedModes);
    }

    private static GeoCoordinate? Coordinate(string name, string? text, GeoBounds area, out Failure? failure)
    {
        failure = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            failure = new Failure(name, $"{name} is required, as LAT,LON in decimal degrees.");
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length != 2 ||
            !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var lat) ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var lon) ||
            !double.IsFinite(lat) || !double.IsFinite(lon) || lat is < -90 or > 90 || lon is < -180 or > 180)
        {
            failure = new Failure(name, $"{name} '{text}' is not LAT,LON in decimal degrees (latitude within [-90, 90], longitude within [-180, 180]).");
            return null;
        }

        if (!area.Contains(lat, lon))
        {
            failure = new Failure(name, string.Create(CultureInfo.InvariantCulture,
                $"{name} {lat:0.######},{lon:0.######} is outside the area served ({area.MinLat:0.####},{area.MinLon:0.####} to {area.MaxLat:0.####},{area.MaxLon:0.####})."));
            return null;
        }

        return new GeoCoordinate(lat, lon);
    }
}

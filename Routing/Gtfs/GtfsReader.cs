using System.Globalization;
using Mobility.Routing.Gtfs.Csv;
using Mobility.Routing.Gtfs.Model;

namespace Mobility.Routing.Gtfs;

/// <summary>
/// Reads a GTFS static feed (zip or folder) into a validated <see cref="GtfsFeed"/>. Every error names the file, line
/// and field; a feed with errors is rejected as a whole (<see cref="GtfsFeedException"/>), a feed with only warnings
/// (unused stops, trips without service days) loads and lists them.
/// </summary>
public sealed partial class GtfsReader
{
    /// <summary>At most this many errors are collected before the feed is rejected.</summary>
    public const int MaxErrors = 100;

    private readonly string _feedId;
    private readonly List<GtfsIssue> _errors = [];
    private readonly List<GtfsIssue> _warnings = [];

    private readonly List<GtfsAgency> _agencies = [];
    private readonly Dictionary<string, int> _agencyIndex = new(StringComparer.Ordinal);
    private readonly List<GtfsStop> _stops = [];
    private readonly Dictionary<string, int> _stopIndex = new(StringComparer.Ordinal);
    private readonly List<GtfsRoute> _routes = [];
    private readonly Dictionary<string, int> _routeIndex = new(StringComparer.Ordinal);
    private readonly List<GtfsService> _services = [];
    private readonly Dictionary<string, int> _serviceIndex = new(StringComparer.Ordinal);
    private readonly List<(string Id, int Route, int Service, string? Headsign, string? Shape)> _tripRows = [];
    private readonly Dictionary<string, int> _tripIndex = new(StringComparer.Ordinal);
    private readonly List<GtfsTransfer> _transfers = [];
    private readonly List<GtfsFrequency> _frequencies = [];
    private readonly Dictionary<string, GtfsShape> _shapes = new(StringComparer.Ordinal);
    private GtfsFeedInfo? _feedInfo;
    private TimeZoneInfo? _timeZone;

    private GtfsReader(string feedId) => _feedId = feedId;

    /// <summary>The default feed id for a path: its file name without <c>.zip</c> and <c>.gtfs</c>.</summary>
    public static string DefaultFeedId(string path)
    {
        var name = Path.GetFileName(path.TrimEnd('/', '\\'));
        foreach (var suffix in new[] { ".zip", ".gtfs" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                name = name[..^suffix.Length];
            }
        }

        return name;
    }

    /// <summary>Loads a feed; ids become <c>feedId:localId</c>.</summary>
    public static GtfsFeed Load(string path, string? feedId = null)
    {
        feedId ??= DefaultFeedId(path);
        if (feedId.Length == 0 || feedId.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A feed id is non-empty and has no ':'.", nameof(feedId));
        }

        using var source = GtfsSource.Open(path);
        return new GtfsReader(feedId).Read(source);
    }

    private GtfsFeed Read(GtfsSource source)
    {
        foreach (var required in new[] { "agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt" })
        {
            if (!source.Exists(required))
            {
                Error(required, 0, null, "required file is missing");
            }
        }

        if (!source.Exists("calendar.txt") && !source.Exists("calendar_dates.txt"))
        {
            Error("calendar.txt", 0, null, "required file is missing (neither calendar.txt nor calendar_dates.txt)");
        }

        ThrowIfErrors();
        ReadTable(source, "agency.txt", ReadAgencies);
        ReadTable(source, "stops.txt", ReadStops);
        CheckParentStations();
        ThrowIfErrors();
        ReadTable(source, "routes.txt", ReadRoutes);
        ReadCalendars(source);
        ReadTable(source, "trips.txt", ReadTrips);
        var stopTimes = new List<GtfsStopTime>[_tripRows.Count];
        ReadShapesIfPresent(source);
        ReadTable(source, "stop_times.txt", t => ReadStopTimes(t, stopTimes));
        ReadTable(source, "frequencies.txt", ReadFrequencies);
        ReadTable(source, "transfers.txt", ReadTransfers);
        ReadTable(source, "feed_info.txt", ReadFeedInfo);
        var trips = FinishTrips(stopTimes);
        ThrowIfErrors();
        ReportUnused(trips);
        return new GtfsFeed
        {
            FeedId = _feedId,
            TimeZone = _timeZone!,
            Agencies = _agencies,
            Stops = _stops,
            Routes = _routes,
            Trips = trips,
            Services = _services,
            Transfers = _transfers,
            Frequencies = _frequencies,
            Shapes = _shapes,
            FeedInfo = _feedInfo,
            Warnings = _warnings,
        };
    }

    private void ReadTable(GtfsSource source, string file, Action<CsvTable> read)
    {
        using var reader = source.OpenText(file);
        if (reader is null)
        {
            return;
        }

        try
        {
            using var table = new CsvTable(file, reader);
            read(table);
        }
        catch (InvalidDataException ex)
        {
            Error(file, 0, null, "unreadable (truncated or corrupt archive): " + ex.Message);
        }
        catch (IOException ex)
        {
            Error(file, 0, null, "unreadable: " + ex.Message);
        }
        catch (GtfsFeedException ex)
        {
            foreach (var e in ex.Errors)
            {
                Error(e.File, e.Line, e.Field, e.Message);
            }
        }

        ThrowIfErrors();
    }

    private void ReadAgencies(CsvTable t)
    {
        var id = t.Column("agency_id");
        var name = Required(t, "agency_name");
        var url = t.Column("agency_url");
        var tz = Required(t, "agency_timezone");
        while (t.Read())
        {
            var localId = t.Get(id);
            var zone = t.Get(tz);
            TimeZoneInfo? info = null;
            if (zone.Length == 0)
            {
                Error(t, "agency_timezone", "is required");
            }
            else if (!TimeZoneInfo.TryFindSystemTimeZoneById(zone, out info))
            {
                Error(t, "agency_timezone", $"unknown IANA timezone '{zone}'");
            }
            else if (_timeZone is not null && _timeZone.Id != info.Id)
            {
                Error(t, "agency_timezone", $"'{zone}' differs from the feed's first agency timezone '{_timeZone.Id}'");
            }

            _timeZone ??= info;
            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (!_agencyIndex.TryAdd(ns, _agencies.Count))
            {
                Error(t, "agency_id", $"duplicate agency_id '{localId}'");
                continue;
            }

            _agencies.Add(new GtfsAgency(ns, t.Get(name), NullIfEmpty(t.Get(url)), zone));
        }

        if (_agencies.Count == 0)
        {
            Error("agency.txt", 0, null, "no agency");
        }
    }

    private void ReadStops(CsvTable t)
    {
        var id = Required(t, "stop_id");
        var name = t.Column("stop_name");
        var code = t.Column("stop_code");
        var lat = t.Column("stop_lat");
        var lon = t.Column("stop_lon");
        var type = t.Column("location_type");
        var parent = t.Column("parent_station");
        while (t.Read())
        {
            var localId = t.Get(id);
            if (localId.Length == 0)
            {
                Error(t, "stop_id", "is required");
                continue;
            }

            var locationType = OptionalInt(t, type, "location_type", 0, 0, 4);
            double la = 0, lo = 0;
            if (locationType <= 2)
            {
                la = RequiredDouble(t, lat, "stop_lat", -90, 90);
                lo = RequiredDouble(t, lon, "stop_lon", -180, 180);
            }

            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (!_stopIndex.TryAdd(ns, _stops.Count))
            {
                Error(t, "stop_id", $"duplicate stop_id '{localId}'");
                continue;
            }

            var parentId = t.Get(parent);
            _stops.Add(new GtfsStop(ns, t.Get(name), NullIfEmpty(t.Get(code)), la, lo, locationType,
                parentId.Length == 0 ? null : GtfsFeed.Namespace(_feedId, parentId)));
        }
    }

    private void CheckParentStations()
    {
        // stops.txt parent_station must name a station (location_type 1) of the same feed.
        for (var i = 0; i < _stops.Count; i++)
        {
            if (_stops[i].ParentStation is { } parent && !_stopIndex.ContainsKey(parent))
            {
                Error("stops.txt", 0, "parent_station", $"stop '{_stops[i].Id}' names unknown parent_station '{parent}'");
            }
        }
    }

    private void ReadRoutes(CsvTable t)
    {
        var id = Required(t, "route_id");
        var agency = t.Column("agency_id");
        var shortName = t.Column("route_short_name");
        var longName = t.Column("route_long_name");
        var type = Required(t, "route_type");
        var color = t.Column("route_color");
        while (t.Read())
        {
            var localId = t.Get(id);
            if (localId.Length == 0)
            {
                Error(t, "route_id", "is required");
                continue;
            }

            var agencyId = t.Get(agency);
            int agencyIndex;
            if (agencyId.Length == 0)
            {
                if (_agencies.Count > 1)
                {
                    Error(t, "agency_id", "is required when the feed has several agencies");
                }

                agencyIndex = 0;
            }
            else if (!_agencyIndex.TryGetValue(GtfsFeed.Namespace(_feedId, agencyId), out agencyIndex))
            {
                Error(t, "agency_id", $"unknown agency_id '{agencyId}'");
                continue;
            }

            var routeType = OptionalInt(t, type, "route_type", -1, 0, 1702);
            if (routeType < 0)
            {
                Error(t, "route_type", "is required");
            }

            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (!_routeIndex.TryAdd(ns, _routes.Count))
            {
                Error(t, "route_id", $"duplicate route_id '{localId}'");
                continue;
            }

            _routes.Add(new GtfsRoute(ns, agencyIndex, t.Get(shortName), t.Get(longName), routeType, NullIfEmpty(t.Get(color))));
        }
    }

    private void ReadTrips(CsvTable t)
    {
        var route = Required(t, "route_id");
        var service = Required(t, "service_id");
        var id = Required(t, "trip_id");
        var headsign = t.Column("trip_headsign");
        var shape = t.Column("shape_id");
        while (t.Read())
        {
            var localId = t.Get(id);
            if (localId.Length == 0)
            {
                Error(t, "trip_id", "is required");
                continue;
            }

            if (!_routeIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(route)), out var r))
            {
                Error(t, "route_id", $"unknown route_id '{t.Get(route)}'");
                continue;
            }

            if (!_serviceIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(service)), out var s))
            {
                Error(t, "service_id", $"unknown service_id '{t.Get(service)}' (not in calendar.txt nor calendar_dates.txt)");
                continue;
            }

            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (!_tripIndex.TryAdd(ns, _tripRows.Count))
            {
                Error(t, "trip_id", $"duplicate trip_id '{localId}'");
                continue;
            }

            var shapeId = t.Get(shape);
            _tripRows.Add((ns, r, s, NullIfEmpty(t.Get(headsign)), shapeId.Length == 0 ? null : GtfsFeed.Namespace(_feedId, shapeId)));
        }
    }

    private void ReadFeedInfo(CsvTable t)
    {
        var publisher = t.Column("feed_publisher_name");
        var version = t.Column("feed_version");
        var start = t.Column("feed_start_date");
        var end = t.Column("feed_end_date");
        if (t.Read())
        {
            _feedInfo = new GtfsFeedInfo(t.Get(publisher), NullIfEmpty(t.Get(version)),
                OptionalDate(t, start, "feed_start_date"), OptionalDate(t, end, "feed_end_date"));
        }
    }

    private void ReportUnused(List<GtfsTrip> trips)
    {
        var used = new bool[_stops.Count];
        foreach (var trip in trips)
        {
            foreach (var st in trip.StopTimes)
            {
                used[st.Stop] = true;
            }
        }

        var unused = 0;
        for (var i = 0; i < _stops.Count; i++)
        {
            if (!used[i] && _stops[i].LocationType == 0)
            {
                unused++;
                if (unused <= 20)
                {
                    Warn("stops.txt", 0, "stop_id", $"stop '{_stops[i].Id}' is served by no trip");
                }
            }
        }

        if (unused > 20)
        {
            Warn("stops.txt", 0, "stop_id", $"{unused} stops in all are served by no trip");
        }

        var idle = trips.Count(trip => _services[trip.Service].Dates.Length == 0);
        if (idle > 0)
        {
            Warn("trips.txt", 0, "service_id", $"{idle} trips have a service that runs on no date");
        }
    }

    // --- field helpers -------------------------------------------------------------------------------------------

    private int Required(CsvTable t, string column)
    {
        var i = t.Column(column);
        if (i < 0)
        {
            Error(t.FileName, 1, column, "required column is missing from the header");
        }

        return i;
    }

    private int OptionalInt(CsvTable t, int column, string field, int fallback, int min, int max)
    {
        var text = t.Get(column);
        if (text.Length == 0)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < min || v > max)
        {
            Error(t, field, $"'{text}' is not an integer in [{min}, {max}]");
            return fallback;
        }

        return v;
    }

    private double RequiredDouble(CsvTable t, int column, string field, double min, double max)
    {
        var text = t.Get(column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !(v >= min && v <= max))
        {
            Error(t, field, text.Length == 0 ? "is required" : $"'{text}' is not a number in [{min}, {max}]");
            return 0;
        }

        return v;
    }

    private DateOnly? OptionalDate(CsvTable t, int column, string field)
    {
        var text = t.Get(column);
        if (text.Length == 0)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        Error(t, field, $"'{text}' is not a YYYYMMDD date");
        return null;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private void Error(CsvTable t, string field, string message) => Error(t.FileName, t.Line, field, message);

    private void Error(string file, int line, string? field, string message)
    {
        _errors.Add(new GtfsIssue(file, line, field, message));
        if (_errors.Count >= MaxErrors)
        {
            throw new GtfsFeedException(_errors);
        }
    }

    private void Warn(string file, int line, string? field, string message) => _warnings.Add(new GtfsIssue(file, line, field, message));

    private void ThrowIfErrors()
    {
        if (_errors.Count > 0)
        {
            throw new GtfsFeedException(_errors);
        }
    }
}

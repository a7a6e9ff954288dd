using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Mobility.City;

/// <summary>
/// Streams the GTFS feed of the plan into a zip (GTFS Schedule reference: agency, stops, routes, trips, stop_times,
/// calendar, calendar_dates, shapes, feed_info). Entries are written one after the other, so memory stays bounded by
/// the line geometries, not by the number of stop_times rows.
/// </summary>
internal sealed partial class GtfsCityWriter
{
    private static readonly DateTimeOffset EntryTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TransitPlan _plan;
    private readonly CitySpec _spec;
    private readonly LineGeometry[] _geometry;
    private readonly Action<double>? _progress;

    private GtfsCityWriter(TransitPlan plan, Action<double>? progress)
    {
        _plan = plan;
        _spec = plan.Grid.Spec;
        _progress = progress;
        _geometry = [.. plan.Lines.Select(l => LineGeometry.Of(plan.Grid, l))];
    }

    public static GtfsStats Write(TransitPlan plan, Stream output, Action<double>? progress = null)
    {
        var writer = new GtfsCityWriter(plan, progress);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        return writer.WriteAll(zip);
    }

    private GtfsStats WriteAll(ZipArchive zip)
    {
        Entry(zip, "agency.txt", w =>
        {
            w.Line("agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone");
            w.Line("BUS", $"Bus de {_spec.Name}", "https://bus.example.org/", _spec.TimeZone, "fr", "+33 4 00 00 00 01");
            w.Line("TRAM", $"Tramway de {_spec.Name}", "https://tram.example.org/", _spec.TimeZone, "fr", "+33 4 00 00 00 02");
        });
        Entry(zip, "stops.txt", w =>
        {
            w.Line("stop_id", "stop_code", "stop_name", "stop_lat", "stop_lon", "location_type", "wheelchair_boarding");
            foreach (var stop in _plan.Stops.Values)
            {
                var access = stop.Tram || CityRandom.Chance(_spec.Seed, RandomStream.Station, stop.Intersection, 0.7, 7) ? "1" : "2";
                w.Line(stop.Id, Inv(stop.Intersection), stop.Name, stop.Position.LatText, stop.Position.LonText, "0", access);
            }
        });
        Entry(zip, "routes.txt", w =>
        {
            w.Line("route_id", "agency_id", "route_short_name", "route_long_name", "route_type", "route_color", "route_text_color");
            foreach (var line in _plan.Lines)
            {
                var first = StopOf(line, 0).Name;
                var last = StopOf(line, line.StopPositions.Length - 1).Name;
                w.Line(line.RouteId, line.AgencyId, line.ShortName, $"{first} - {last}", Inv(line.RouteType), line.Color, "FFFFFF");
            }
        });

        var trips = 0L;
        Entry(zip, "trips.txt", w =>
        {
            w.Line("route_id", "service_id", "trip_id", "trip_headsign", "direction_id", "shape_id", "wheelchair_accessible");
            foreach (var trip in Trips())
            {
                var line = _plan.Lines[trip.Line];
                var headsign = StopOf(line, trip.Direction == 0 ? line.StopPositions.Length - 1 : 0).Name;
                w.Line(line.RouteId, trip.Service, trip.Id, headsign, Inv(trip.Direction), ShapeId(line, trip.Direction), line.IsTram ? "1" : "0");
                trips++;
            }
        });

        var stopTimes = 0L;
        Entry(zip, "stop_times.txt", w =>
        {
            w.Line("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "shape_dist_traveled", "timepoint");
            var written = 0L;
            foreach (var trip in Trips())
            {
                stopTimes += WriteStopTimes(w, trip);
                if ((++written & 0x3FF) == 0)
                {
                    _progress?.Invoke(0.1 + (0.8 * written / Math.Max(1, trips)));
                }
            }
        });
        var (calendar, exceptions) = WriteCalendar(zip);
        var shapePoints = 0L;
        Entry(zip, "shapes.txt", w =>
        {
            w.Line("shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence", "shape_dist_traveled");
            for (var l = 0; l < _plan.Lines.Count; l++)
            {
                var geometry = _geometry[l];
                for (var direction = 0; direction < 2; direction++)
                {
                    var id = ShapeId(_plan.Lines[l], direction);
                    var n = geometry.Points.Length;
                    for (var s = 0; s < n; s++)
                    {
                        var p = direction == 0 ? s : n - 1 - s;
                        var dist = direction == 0 ? geometry.Distances[p] : geometry.Length - geometry.Distances[p];
                        w.Line(id, geometry.Points[p].LatText, geometry.Points[p].LonText, Inv(s + 1), Meters(dist));
                        shapePoints++;
                    }
                }
            }
        });
        WriteFares(zip);
        Entry(zip, "feed_info.txt", w =>
        {
            w.Line("feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version", "feed_contact_email");
            w.Line("Mobility demo city generator", "https://example.org/mobility", "fr", Date(_spec.ServiceStart), Date(LastDay),
                $"{_spec.PresetName}-{Inv(_spec.Seed)}-{_spec.Hash()[..12]}", "demo@example.org");
        });
        _progress?.Invoke(1.0);
        return new GtfsStats(_plan.Stops.Count, _plan.Lines.Count, trips, stopTimes, calendar, exceptions, shapePoints);
    }

    private DateOnly LastDay => _spec.ServiceStart.AddDays(_spec.ServiceDays - 1);

    private CityStop StopOf(TransitLine line, int stopIndex) => _plan.Stops[_plan.At(line, line.StopPositions[stopIndex])];

    private static string ShapeId(TransitLine line, int direction) => $"{line.RouteId}-{direction}";

    private IEnumerable<TripKey> Trips()
    {
        for (var l = 0; l < _plan.Lines.Count; l++)
        {
            var line = _plan.Lines[l];
            foreach (var service in Timetable.Services)
            {
                for (var direction = 0; direction < 2; direction++)
                {
                    var n = 0;
                    foreach (var departure in Timetable.Departures(_spec.Seed, l, line.IsTram, direction, service, _spec.HeadwayFactor))
                    {
                        n++;
                        yield return new TripKey(l, service, direction, departure, $"{line.RouteId}-{service[..3]}-{Inv(direction)}-{Inv(n)}");
                    }
                }
            }
        }
    }

    private int WriteStopTimes(CsvWriter w, TripKey trip)
    {
        var line = _plan.Lines[trip.Line];
        var geometry = _geometry[trip.Line];
        var count = line.StopPositions.Length;
        var speed = Timetable.Speed(line.IsTram, trip.Departure);
        var dwell = Timetable.DwellSeconds(line.IsTram);
        for (var s = 0; s < count; s++)
        {
            var stopIndex = trip.Direction == 0 ? s : count - 1 - s;
            var pointDistance = geometry.Distances[geometry.StopPoints[stopIndex]];
            var along = trip.Direction == 0 ? pointDistance : geometry.Length - pointDistance;
            var arrival = trip.Departure + (int)Math.Round(along / speed) + (s * dwell);
            var departure = s == 0 || s == count - 1 ? arrival : arrival + dwell;
            w.Line(trip.Id, Time(arrival), Time(departure), StopOf(line, stopIndex).Id, Inv(s + 1), Meters(along), "1");
        }

        return count;
    }

    private (int Calendar, int Exceptions) WriteCalendar(ZipArchive zip)
    {
        Entry(zip, "calendar.txt", w =>
        {
            w.Line("service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date");
            w.Line(Timetable.Weekday, "1", "1", "1", "1", "1", "0", "0", Date(_spec.ServiceStart), Date(LastDay));
            w.Line(Timetable.Saturday, "0", "0", "0", "0", "0", "1", "0", Date(_spec.ServiceStart), Date(LastDay));
            w.Line(Timetable.Sunday, "0", "0", "0", "0", "0", "0", "1", Date(_spec.ServiceStart), Date(LastDay));
        });
        var exceptions = 0;
        Entry(zip, "calendar_dates.txt", w =>
        {
            // exception_type 1 adds, 2 removes the service on that date (GTFS calendar_dates.txt).
            w.Line("service_id", "date", "exception_type");
            for (var year = _spec.ServiceStart.Year; year <= LastDay.Year; year++)
            {
                foreach (var day in ServiceCalendar.PublicHolidays(year).Where(InService))
                {
                    if (day.DayOfWeek == DayOfWeek.Sunday)
                    {
                        continue;
                    }

                    w.Line(day.DayOfWeek == DayOfWeek.Saturday ? Timetable.Saturday : Timetable.Weekday, Date(day), "2");
                    w.Line(Timetable.Sunday, Date(day), "1");
                    exceptions += 2;
                }

                foreach (var day in ServiceCalendar.EventNights(year).Where(InService))
                {
                    w.Line(Timetable.EventNight, Date(day), "1");
                    exceptions++;
                }
            }
        });
        return (3, exceptions);
    }

    private bool InService(DateOnly day) => day >= _spec.ServiceStart && day <= LastDay;

    private static void Entry(ZipArchive zip, string name, Action<CsvWriter> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        using var text = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16);
        write(new CsvWriter(text));
    }

    private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Date(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Meters(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Time(int seconds) =>
        string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:D2}:{seconds / 60 % 60:D2}:{seconds % 60:D2}");

    private readonly record struct TripKey(int Line, string Service, int Direction, int Departure, string Id);
}

/// <summary>Writes RFC 4180 rows: fields with a comma, quote or line break are quoted, quotes doubled.</summary>
internal readonly struct CsvWriter(TextWriter writer)
{
    public void Line(params string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var f = fields[i];
            if (f.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                writer.Write('"');
                writer.Write(f.Replace("\"", "\"\"", StringComparison.Ordinal));
                writer.Write('"');
            }
            else
            {
                writer.Write(f);
            }
        }

        writer.Write('\n');
    }
}

/// <summary>Row counts of the written GTFS feed.</summary>
public sealed record GtfsStats(int Stops, int Routes, long Trips, long StopTimes, int Services, int CalendarExceptions, long ShapePoints);

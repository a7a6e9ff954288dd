using System.Globalization;
using Mobility.Routing.Gtfs.Csv;
using Mobility.Routing.Gtfs.Model;

namespace Mobility.Routing.Gtfs;

public sealed partial class GtfsReader
{
    /// <summary>A calendar.txt row may span at most this many days (ten years), which bounds the expansion.</summary>
    public const int MaxCalendarDays = 3660;

    private void ReadCalendars(GtfsSource source)
    {
        var dates = new Dictionary<string, SortedSet<DateOnly>>(StringComparer.Ordinal);
        ReadTable(source, "calendar.txt", t => ReadCalendar(t, dates));
        ReadTable(source, "calendar_dates.txt", t => ReadCalendarDates(t, dates));
        foreach (var (id, set) in dates)
        {
            _serviceIndex[id] = _services.Count;
            _services.Add(new GtfsService(id, [.. set]));
        }
    }

    private void ReadCalendar(CsvTable t, Dictionary<string, SortedSet<DateOnly>> dates)
    {
        string[] days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
        var id = Required(t, "service_id");
        var dayColumns = days.Select(d => Required(t, d)).ToArray();
        var start = Required(t, "start_date");
        var end = Required(t, "end_date");
        while (t.Read())
        {
            var localId = t.Get(id);
            if (localId.Length == 0)
            {
                Error(t, "service_id", "is required");
                continue;
            }

            var runs = new bool[7];
            for (var i = 0; i < 7; i++)
            {
                var v = t.Get(dayColumns[i]);
                if (v is not ("0" or "1"))
                {
                    Error(t, days[i], $"'{v}' is not 0 or 1");
                }

                runs[i] = v == "1";
            }

            var from = OptionalDate(t, start, "start_date");
            var to = OptionalDate(t, end, "end_date");
            if (from is null || to is null)
            {
                if (from is null && t.Get(start).Length == 0)
                {
                    Error(t, "start_date", "is required");
                }

                if (to is null && t.Get(end).Length == 0)
                {
                    Error(t, "end_date", "is required");
                }

                continue;
            }

            if (to.Value < from.Value || to.Value.DayNumber - from.Value.DayNumber > MaxCalendarDays)
            {
                Error(t, "end_date", $"must lie between start_date and {MaxCalendarDays} days after it");
                continue;
            }

            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (dates.ContainsKey(ns))
            {
                Error(t, "service_id", $"duplicate service_id '{localId}'");
                continue;
            }

            var set = new SortedSet<DateOnly>();
            for (var d = from.Value; d <= to.Value; d = d.AddDays(1))
            {
                // DayOfWeek is Sunday = 0; the file's columns start on Monday.
                if (runs[((int)d.DayOfWeek + 6) % 7])
                {
                    set.Add(d);
                }
            }

            dates[ns] = set;
        }
    }

    private void ReadCalendarDates(CsvTable t, Dictionary<string, SortedSet<DateOnly>> dates)
    {
        var id = Required(t, "service_id");
        var date = Required(t, "date");
        var type = Required(t, "exception_type");
        while (t.Read())
        {
            var localId = t.Get(id);
            if (localId.Length == 0)
            {
                Error(t, "service_id", "is required");
                continue;
            }

            var d = OptionalDate(t, date, "date");
            if (d is null)
            {
                if (t.Get(date).Length == 0)
                {
                    Error(t, "date", "is required");
                }

                continue;
            }

            var ns = GtfsFeed.Namespace(_feedId, localId);
            if (!dates.TryGetValue(ns, out var set))
            {
                set = [];
                dates[ns] = set;
            }

            switch (t.Get(type))
            {
                case "1":
                    set.Add(d.Value);
                    break;
                case "2":
                    set.Remove(d.Value);
                    break;
                default:
                    Error(t, "exception_type", $"'{t.Get(type)}' is not 1 (added) or 2 (removed)");
                    break;
            }
        }
    }

    private void ReadFrequencies(CsvTable t)
    {
        var trip = Required(t, "trip_id");
        var start = Required(t, "start_time");
        var end = Required(t, "end_time");
        var headway = Required(t, "headway_secs");
        var exact = t.Column("exact_times");
        while (t.Read())
        {
            if (!_tripIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(trip)), out var tripIndex))
            {
                Error(t, "trip_id", $"unknown trip_id '{t.Get(trip)}'");
                continue;
            }

            var s = Time(t, start, "start_time");
            var e = Time(t, end, "end_time");
            var h = OptionalInt(t, headway, "headway_secs", -1, 1, 86400);
            if (h < 0 && t.Get(headway).Length == 0)
            {
                Error(t, "headway_secs", "is required");
            }

            var exactTimes = OptionalInt(t, exact, "exact_times", 0, 0, 1) == 1;
            if (s is null || e is null || h < 0)
            {
                continue;
            }

            if (e <= s)
            {
                Error(t, "end_time", "must be after start_time");
                continue;
            }

            _frequencies.Add(new GtfsFrequency(tripIndex, s.Value, e.Value, h, exactTimes));
        }
    }

    private void ReadTransfers(CsvTable t)
    {
        var from = Required(t, "from_stop_id");
        var to = Required(t, "to_stop_id");
        var type = Required(t, "transfer_type");
        var min = t.Column("min_transfer_time");
        while (t.Read())
        {
            var transferType = OptionalInt(t, type, "transfer_type", 0, 0, 5);
            if (transferType > 3)
            {
                continue; // 4 and 5 are in-seat transfers between trips, not stop transfers.
            }

            if (!_stopIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(from)), out var f))
            {
                Error(t, "from_stop_id", $"unknown stop_id '{t.Get(from)}'");
                continue;
            }

            if (!_stopIndex.TryGetValue(GtfsFeed.Namespace(_feedId, t.Get(to)), out var g))
            {
                Error(t, "to_stop_id", $"unknown stop_id '{t.Get(to)}'");
                continue;
            }

            var seconds = OptionalInt(t, min, "min_transfer_time", -1, 0, 86400);
            _transfers.Add(new GtfsTransfer(f, g, transferType, seconds < 0 ? null : seconds));
        }
    }

    private bool ReadShapesIfPresent(GtfsSource source)
    {
        var points = new Dictionary<string, List<(int Seq, double Lat, double Lon, double Dist)>>(StringComparer.Ordinal);
        ReadTable(source, "shapes.txt", t =>
        {
            var id = Required(t, "shape_id");
            var lat = Required(t, "shape_pt_lat");
            var lon = Required(t, "shape_pt_lon");
            var seq = Required(t, "shape_pt_sequence");
            var dist = t.Column("shape_dist_traveled");
            while (t.Read())
            {
                var ns = GtfsFeed.Namespace(_feedId, t.Get(id));
                var la = RequiredDouble(t, lat, "shape_pt_lat", -90, 90);
                var lo = RequiredDouble(t, lon, "shape_pt_lon", -180, 180);
                var sq = OptionalInt(t, seq, "shape_pt_sequence", -1, 0, int.MaxValue);
                var dText = t.Get(dist);
                var d = dText.Length > 0 && double.TryParse(dText, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                if (!points.TryGetValue(ns, out var list))
                {
                    list = [];
                    points[ns] = list;
                }

                list.Add((sq, la, lo, d));
            }
        });
        foreach (var (id, list) in points)
        {
            list.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            _shapes[id] = new GtfsShape(id, [.. list.Select(p => p.Lat)], [.. list.Select(p => p.Lon)], [.. list.Select(p => p.Dist)]);
        }

        return points.Count > 0;
    }

    private int? Time(CsvTable t, int column, string field)
    {
        var text = t.Get(column);
        if (text.Length == 0)
        {
            return null;
        }

        var v = GtfsTime.TryParse(text);
        if (v is null)
        {
            Error(t, field, $"'{text}' is not a time H:MM:SS or HH:MM:SS (at most {GtfsTime.MaxHours}:00:00)");
        }

        return v;
    }
}
